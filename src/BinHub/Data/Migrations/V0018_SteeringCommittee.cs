using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>
/// Version 18: the steering committee. Coordinator vacancies get a history (until now only the current one was on the BIN,
/// so the annual report could not say how long past ones stayed open); the vacancies open today are carried over. The
/// yearly meeting is recorded with its attendees (personal data), decisions and attached documents.
/// </summary>
internal static class V0018_SteeringCommittee
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        mb.CreateTable("BinVacancies", t =>
        {
            var c = new Cols(t, pg);
            return new { Id = c.Id(), BinId = c.Int(), OpenedAt = c.Instant(), FilledAt = c.Instant(nullable: true) };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_BinVacancies", x => x.Id);
            t.ForeignKey("FK_BinVacancies_Bins_BinId", x => x.BinId, "Bins", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_BinVacancies_OpenedAt", "BinVacancies", "OpenedAt");
        mb.CreateIndex("IX_BinVacancies_BinId_FilledAt", "BinVacancies", ["BinId", "FilledAt"]);
        // Same column types on both sides (ticks on SQLite, timestamptz on PostgreSQL), so one statement serves both.
        mb.Sql("""INSERT INTO "BinVacancies" ("BinId", "OpenedAt") SELECT "Id", "CoordinatorVacantSince" FROM "Bins" WHERE "CoordinatorVacantSince" IS NOT NULL""");

        mb.CreateTable("SteeringMeetings", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), Year = c.Int(), HeldOn = c.Date(nullable: false), Place = c.Str(200, nullable: false), Agenda = c.Str(4000, nullable: false),
                CreatedAt = c.Instant(), UpdatedAt = c.Instant(),
            };
        }, constraints: t => t.PrimaryKey("PK_SteeringMeetings", x => x.Id));
        mb.CreateIndex("IX_SteeringMeetings_Year", "SteeringMeetings", "Year");

        mb.CreateTable("SteeringAttendees", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), MeetingId = c.Int(), Name = c.Str(200, nullable: false), Organisation = c.Str(200, nullable: false),
                Role = c.Str(200, nullable: false), ErasedAt = c.Instant(nullable: true),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_SteeringAttendees", x => x.Id);
            t.ForeignKey("FK_SteeringAttendees_SteeringMeetings_MeetingId", x => x.MeetingId, "SteeringMeetings", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateTable("SteeringDecisions", t =>
        {
            var c = new Cols(t, pg);
            return new { Id = c.Id(), MeetingId = c.Int(), Text = c.Str(2000, nullable: false), Owner = c.Str(200, nullable: false), DueOn = c.Date() };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_SteeringDecisions", x => x.Id);
            t.ForeignKey("FK_SteeringDecisions_SteeringMeetings_MeetingId", x => x.MeetingId, "SteeringMeetings", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateTable("SteeringDocuments", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), MeetingId = c.Int(), FileName = c.Str(200, nullable: false), ContentType = c.Str(40, nullable: false),
                Content = t.Column<byte[]>(nullable: false), Sha256 = c.Str(64, nullable: false), UploadedAt = c.Instant(),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_SteeringDocuments", x => x.Id);
            t.ForeignKey("FK_SteeringDocuments_SteeringMeetings_MeetingId", x => x.MeetingId, "SteeringMeetings", "Id", onDelete: ReferentialAction.Cascade);
        });
        foreach (var table in new[] { "SteeringAttendees", "SteeringDecisions", "SteeringDocuments" })
            mb.CreateIndex($"IX_{table}_MeetingId", table, "MeetingId");
    }
}
