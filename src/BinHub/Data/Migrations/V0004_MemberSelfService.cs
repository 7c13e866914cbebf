using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>
/// Version 4: members' own space (sign-in account, preferences, quiet hours, holiday pause, verification codes,
/// sessions, history), approval, erasure, the public finder's postcodes and coordinator succession.
/// </summary>
internal static class V0004_MemberSelfService
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        void Add<T>(string table, string name, bool nullable = true, int? max = null, object? defaultValue = null) =>
            mb.AddColumn<T>(name, table, nullable: nullable, maxLength: max, defaultValue: defaultValue);
        void AddInstant(string table, string name) { if (pg) Add<DateTimeOffset>(table, name); else Add<long>(table, name); }

        Add<string>("Members", "UserId", max: 450);
        Add<string>("Members", "EnterpriseNumber", max: 10);
        AddInstant("Members", "EmailVerifiedAt");
        // Existing (paper) members keep the defaults a new member gets.
        Add<int>("Members", "UrgentChannels", nullable: false, defaultValue: 15);
        Add<int>("Members", "FeedbackChannels", nullable: false, defaultValue: 13);
        Add<int>("Members", "PreventionChannels", nullable: false, defaultValue: 12);
        Add<TimeOnly>("Members", "QuietFrom");
        Add<TimeOnly>("Members", "QuietUntil");
        Add<bool>("Members", "NoNightAlarms", nullable: false, defaultValue: false);
        Add<DateOnly>("Members", "PausedFrom");
        Add<DateOnly>("Members", "PausedUntil");
        AddInstant("Members", "DecidedAt");
        Add<string>("Members", "DecidedBy", max: 200);
        Add<string>("Members", "RefusalReason", max: 500);
        AddInstant("Members", "LeftAt");
        AddInstant("Members", "ErasedAt");
        mb.CreateIndex("IX_Members_UserId", "Members", "UserId");
        mb.CreateIndex("IX_Members_Email", "Members", "Email");

        AddInstant("MemberPhones", "VerifiedAt");

        Add<bool>("Bins", "AutoApproveMembers", nullable: false, defaultValue: false);
        Add<string>("Bins", "Postcodes", nullable: false, max: 200, defaultValue: "");
        AddInstant("Bins", "CoordinatorVacantSince");
        AddInstant("Bins", "VacancyReminderSentAt");
        Add<DateOnly>("BinCoordinators", "StopsOn");
        AddInstant("BinCoordinators", "StopAnnouncedAt");

        mb.CreateTable("MemberEvents", t =>
        {
            var c = new Cols(t, pg);
            return new { Id = c.LongId(), MemberId = c.Int(), At = c.Instant(), Kind = c.Str(40, false), Details = c.Str(500), ByName = c.Str(200) };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MemberEvents", x => x.Id);
            t.ForeignKey("FK_MemberEvents_Members_MemberId", x => x.MemberId, "Members", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_MemberEvents_MemberId_At", "MemberEvents", ["MemberId", "At"]);

        mb.CreateTable("VerificationCodes", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.LongId(), MemberId = c.Int(), Purpose = c.Int(), Channel = c.Int(), Target = c.Str(254, false), SecretHash = c.Str(64, false),
                CreatedAt = c.Instant(), ExpiresAt = c.Instant(), Attempts = c.Int(), UsedAt = c.Instant(nullable: true),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_VerificationCodes", x => x.Id);
            t.ForeignKey("FK_VerificationCodes_Members_MemberId", x => x.MemberId, "Members", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_VerificationCodes_Target_CreatedAt", "VerificationCodes", ["Target", "CreatedAt"]);
        mb.CreateIndex("IX_VerificationCodes_MemberId", "VerificationCodes", "MemberId");
        mb.CreateIndex("IX_VerificationCodes_SecretHash", "VerificationCodes", "SecretHash");

        mb.CreateTable("MemberSessions", t =>
        {
            var c = new Cols(t, pg);
            return new { Id = c.Str(36, false), UserId = c.Str(450, false), UserAgent = c.Str(200), CreatedAt = c.Instant(), LastSeenAt = c.Instant(), EndedAt = c.Instant(nullable: true) };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MemberSessions", x => x.Id);
            t.ForeignKey("FK_MemberSessions_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_MemberSessions_UserId", "MemberSessions", "UserId");

        mb.CreateTable("CoordinatorVolunteers", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), BinId = c.Int(), MemberId = c.Int(), Message = c.Str(1000), State = c.Int(), CreatedAt = c.Instant(),
                DecidedAt = c.Instant(nullable: true), DecidedBy = c.Str(200),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CoordinatorVolunteers", x => x.Id);
            t.ForeignKey("FK_CoordinatorVolunteers_Bins_BinId", x => x.BinId, "Bins", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_CoordinatorVolunteers_Members_MemberId", x => x.MemberId, "Members", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_CoordinatorVolunteers_BinId_State", "CoordinatorVolunteers", ["BinId", "State"]);
        mb.CreateIndex("IX_CoordinatorVolunteers_MemberId", "CoordinatorVolunteers", "MemberId");
    }
}
