using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>
/// Version 17: BIN events and the households registered for them. One registration per household and event (unique), so
/// a second registration changes the first instead of taking seats twice; seats taken are counted on the event row.
/// </summary>
internal static class V0017_Events
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        mb.CreateTable("BinEvents", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), Kind = c.Int(), Title = c.Str(200, nullable: false), Description = c.Str(4000, nullable: false),
                StartsAt = c.Instant(), EndsAt = c.Instant(), Place = c.Str(300, nullable: false), PlaceNis = c.Str(5, nullable: false),
                Capacity = c.Int(nullable: true), Taken = c.Int(), Languages = c.Str(20, nullable: false), Audience = c.Int(),
                AudienceBinId = c.Int(nullable: true), AudienceNis = c.Str(5), AudienceRegion = c.Str(5), State = c.Int(), Version = c.Int(),
                CreatedByUserId = c.Str(450, nullable: false), CreatedByName = c.Str(200, nullable: false), CreatedAt = c.Instant(),
                UpdatedAt = c.Instant(), CancelledAt = c.Instant(nullable: true),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_BinEvents", x => x.Id);
            t.ForeignKey("FK_BinEvents_Municipalities_PlaceNis", x => x.PlaceNis, "Municipalities", "Nis", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_BinEvents_Bins_AudienceBinId", x => x.AudienceBinId, "Bins", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_BinEvents_StartsAt", "BinEvents", "StartsAt");
        mb.CreateIndex("IX_BinEvents_AudienceBinId", "BinEvents", "AudienceBinId");
        mb.CreateIndex("IX_BinEvents_AudienceNis", "BinEvents", "AudienceNis");
        mb.CreateIndex("IX_BinEvents_PlaceNis", "BinEvents", "PlaceNis");

        mb.CreateTable("EventRegistrations", t =>
        {
            var c = new Cols(t, pg);
            return new
            {
                Id = c.Id(), EventId = c.Int(), MemberId = c.Int(), People = c.Int(), State = c.Int(), Version = c.Int(),
                CreatedAt = c.Instant(), UpdatedAt = c.Instant(), CancelledAt = c.Instant(nullable: true),
            };
        }, constraints: t =>
        {
            t.PrimaryKey("PK_EventRegistrations", x => x.Id);
            t.ForeignKey("FK_EventRegistrations_BinEvents_EventId", x => x.EventId, "BinEvents", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_EventRegistrations_Members_MemberId", x => x.MemberId, "Members", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_EventRegistrations_EventId_MemberId", "EventRegistrations", ["EventId", "MemberId"], unique: true);
        mb.CreateIndex("IX_EventRegistrations_MemberId", "EventRegistrations", "MemberId");
    }
}
