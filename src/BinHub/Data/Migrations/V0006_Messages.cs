using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>Version 6: messages to members (alarms, feedback, prevention, info) and one delivery row per member × channel.</summary>
internal static class V0006_Messages
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        mb.CreateTable("Messages", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.LongId(), Kind = c.Int(), State = c.Int(), SenderUserId = c.Str(450, false), SenderName = c.Str(200, false), ZoneNumber = c.Int(),
                ReportId = c.Int(nullable: true), FeedbackForId = c.Long(nullable: true), TextNl = c.Str(2000), TextFr = c.Str(2000), TextDe = c.Str(2000),
                TextEn = c.Str(2000), IsPublic = c.Bool(), OccurredAt = c.Instant(nullable: true), TargetSummary = c.Str(500, false), CreatedAt = c.Instant(),
                ApprovedAt = c.Instant(nullable: true), ApprovedBy = c.Str(200), FeedbackSentAt = c.Instant(nullable: true), FeedbackReminderAt = c.Instant(nullable: true),
            };
        }, constraints: t => t.PrimaryKey("PK_Messages", x => x.Id));
        mb.CreateIndex("IX_Messages_ZoneNumber_CreatedAt", "Messages", ["ZoneNumber", "CreatedAt"]);
        mb.CreateIndex("IX_Messages_Kind_FeedbackSentAt", "Messages", ["Kind", "FeedbackSentAt"]);

        mb.CreateTable("MessageBins", t =>
        {
            var c = new Cols(t, pg);
            return new { MessageId = c.Long(), BinId = c.Int() };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MessageBins", x => new { x.MessageId, x.BinId });
            t.ForeignKey("FK_MessageBins_Messages_MessageId", x => x.MessageId, "Messages", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_MessageBins_Bins_BinId", x => x.BinId, "Bins", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_MessageBins_BinId", "MessageBins", "BinId");

        mb.CreateTable("Deliveries", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.LongId(), MessageId = c.Long(), MemberId = c.Int(), Channel = c.Int(), Recipient = c.Str(254, false), Language = c.Str(2, false),
                State = c.Int(), DueAt = c.Instant(), Attempts = c.Int(), LeaseUntil = c.Instant(nullable: true), SentAt = c.Instant(nullable: true),
                FinalAt = c.Instant(nullable: true), LastError = c.Str(500), FailoverOfId = c.Long(nullable: true), ReadAt = c.Instant(nullable: true),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Deliveries", x => x.Id);
            t.ForeignKey("FK_Deliveries_Messages_MessageId", x => x.MessageId, "Messages", "Id", onDelete: ReferentialAction.Cascade);
        });
        // The dispatcher's queue, the dashboard's counts, a member's inbox and "who received this alarm" for SMS replies.
        mb.CreateIndex("IX_Deliveries_State_DueAt", "Deliveries", ["State", "DueAt"]);
        mb.CreateIndex("IX_Deliveries_MessageId_Channel_State", "Deliveries", ["MessageId", "Channel", "State"]);
        mb.CreateIndex("IX_Deliveries_MemberId", "Deliveries", "MemberId");
        mb.CreateIndex("IX_Deliveries_Recipient", "Deliveries", "Recipient");
    }
}
