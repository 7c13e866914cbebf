using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>
/// Version 16: the volunteer programme. Calls for volunteers, the households' applications to them and the volunteer status
/// of those accepted; and the member's opt-in to hear about calls (its time of consent; existing members: not opted in).
/// </summary>
internal static class V0016_Volunteering
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        if (pg) mb.AddColumn<DateTimeOffset>("VolunteerCallsConsentAt", "Members", nullable: true);
        else mb.AddColumn<long>("VolunteerCallsConsentAt", "Members", nullable: true);

        mb.CreateTable("VolunteerCalls", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), Role = c.Int(), Title = c.Str(200, false), Description = c.Str(4000, false), RegionCode = c.Str(5), MunicipalityNis = c.Str(5),
                HoursPerMonth = c.Int(), Training = c.Str(500), OpenUntil = c.Date(nullable: false), PublishedByUserId = c.Str(450, false),
                PublishedByName = c.Str(200, false), CreatedAt = c.Instant(), Notified = c.Int(),
            };
        }, constraints: t => t.PrimaryKey("PK_VolunteerCalls", x => x.Id));
        mb.CreateIndex("IX_VolunteerCalls_MunicipalityNis", "VolunteerCalls", "MunicipalityNis");
        mb.CreateIndex("IX_VolunteerCalls_RegionCode", "VolunteerCalls", "RegionCode");

        mb.CreateTable("VolunteerApplications", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), CallId = c.Int(), MemberId = c.Int(), Motivation = c.Str(2000), State = c.Int(), CreatedAt = c.Instant(),
                DecidedAt = c.Instant(nullable: true), DecidedBy = c.Str(200), Answer = c.Str(2000),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_VolunteerApplications", x => x.Id);
            t.ForeignKey("FK_VolunteerApplications_VolunteerCalls_CallId", x => x.CallId, "VolunteerCalls", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_VolunteerApplications_Members_MemberId", x => x.MemberId, "Members", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_VolunteerApplications_CallId_State", "VolunteerApplications", ["CallId", "State"]);
        mb.CreateIndex("IX_VolunteerApplications_MemberId", "VolunteerApplications", "MemberId");

        mb.CreateTable("VolunteerStatuses", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), MemberId = c.Int(), ApplicationId = c.Int(nullable: true), Role = c.Int(), MunicipalityNis = c.Str(5, false),
                RegionCode = c.Str(5, false), Training = c.Str(500), StartedAt = c.Instant(), EndedAt = c.Instant(nullable: true), EndReason = c.Str(500),
                EndedBy = c.Str(200),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_VolunteerStatuses", x => x.Id);
            t.ForeignKey("FK_VolunteerStatuses_Members_MemberId", x => x.MemberId, "Members", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_VolunteerStatuses_VolunteerApplications_ApplicationId", x => x.ApplicationId, "VolunteerApplications", "Id",
                onDelete: ReferentialAction.SetNull);
        });
        mb.CreateIndex("IX_VolunteerStatuses_MemberId", "VolunteerStatuses", "MemberId");
        mb.CreateIndex("IX_VolunteerStatuses_MunicipalityNis", "VolunteerStatuses", "MunicipalityNis");
        mb.CreateIndex("IX_VolunteerStatuses_StartedAt", "VolunteerStatuses", "StartedAt");
        mb.CreateIndex("IX_VolunteerStatuses_ApplicationId", "VolunteerStatuses", "ApplicationId");
    }
}
