using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>Version 5: members' reports to the police (photos without metadata, notes, decision trail) and incidents.</summary>
internal static class V0005_Reports
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        mb.CreateTable("Incidents", t =>
        {
            var c = new Cols(t, pg);
            return new { Id = c.Id(), ZoneNumber = c.Int(), Title = c.Str(200, false), ClosedAt = c.Instant(nullable: true), CreatedAt = c.Instant(), CreatedByUserId = c.Str(450, false) };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Incidents", x => x.Id);
            t.ForeignKey("FK_Incidents_PoliceZones_ZoneNumber", x => x.ZoneNumber, "PoliceZones", "Number", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Incidents_ZoneNumber", "Incidents", "ZoneNumber");

        mb.CreateTable("Reports", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), Reference = c.Str(40, false), BinId = c.Int(), MemberId = c.Int(nullable: true), ReportedByUserId = c.Str(450), OnBehalf = c.Bool(),
                Category = c.Int(), Urgency = c.Int(), OccurredAt = c.Instant(), Street = c.Str(120), HouseNumber = c.Str(12),
                Lat = t.Column<double>(nullable: true), Lon = t.Column<double>(nullable: true), Text = c.Str(4000, false),
                SuspectSex = c.Str(100), SuspectApparentAge = c.Str(100), SuspectHeight = c.Str(100), SuspectBuild = c.Str(100), SuspectSkinHair = c.Str(100),
                SuspectClothing = c.Str(100), SuspectMarks = c.Str(100), VehicleMakeModel = c.Str(100), VehicleColour = c.Str(100), LicencePlate = c.Str(100),
                Direction = c.Str(100), Source = c.Int(), State = c.Int(), ClaimedByUserId = c.Str(450), ClaimedAt = c.Instant(nullable: true),
                Decision = c.Int(nullable: true), DecidedByUserId = c.Str(450), DecidedAt = c.Instant(nullable: true), DecisionNote = c.Str(1000),
                IncidentId = c.Int(nullable: true), CreatedAt = c.Instant(),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Reports", x => x.Id);
            t.ForeignKey("FK_Reports_Bins_BinId", x => x.BinId, "Bins", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Reports_Members_MemberId", x => x.MemberId, "Members", "Id", onDelete: ReferentialAction.SetNull);
            t.ForeignKey("FK_Reports_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.SetNull);
        });
        mb.CreateIndex("IX_Reports_Reference", "Reports", "Reference", unique: true);
        mb.CreateIndex("IX_Reports_BinId_State", "Reports", ["BinId", "State"]);
        mb.CreateIndex("IX_Reports_MemberId", "Reports", "MemberId");
        mb.CreateIndex("IX_Reports_IncidentId", "Reports", "IncidentId");

        mb.CreateTable("ReportPhotos", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), ReportId = c.Int(), ContentType = c.Str(40, false), Bytes = t.Column<byte[]>(nullable: false), Width = c.Int(), Height = c.Int(),
                Sha256 = c.Str(64, false), CreatedAt = c.Instant(),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ReportPhotos", x => x.Id);
            t.ForeignKey("FK_ReportPhotos_Reports_ReportId", x => x.ReportId, "Reports", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_ReportPhotos_ReportId", "ReportPhotos", "ReportId");

        mb.CreateTable("ReportNotes", t =>
        {
            var c = new Cols(t, pg);
            return new { Id = c.Id(), ReportId = c.Int(), UserId = c.Str(450, false), UserName = c.Str(200), Text = c.Str(2000, false), At = c.Instant() };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ReportNotes", x => x.Id);
            t.ForeignKey("FK_ReportNotes_Reports_ReportId", x => x.ReportId, "Reports", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_ReportNotes_ReportId", "ReportNotes", "ReportId");

        mb.CreateTable("ReportEvents", t =>
        {
            var c = new Cols(t, pg);
            return new { Id = c.LongId(), ReportId = c.Int(), Kind = c.Str(40, false), UserId = c.Str(450), UserName = c.Str(200), Details = c.Str(1000), At = c.Instant() };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ReportEvents", x => x.Id);
            t.ForeignKey("FK_ReportEvents_Reports_ReportId", x => x.ReportId, "Reports", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_ReportEvents_ReportId_At", "ReportEvents", ["ReportId", "At"]);
    }
}
