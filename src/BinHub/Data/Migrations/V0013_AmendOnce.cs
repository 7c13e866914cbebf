using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>
/// Version 13: a version of a message is amended once. Each update or withdrawal records the version it amends (the latest
/// one when it was sent), and a unique index over the amendments that still count (not refused) lets only one of two
/// amendments sent at the same moment in: the "newest version" check alone can be passed by both. Existing amendments
/// keep no version (null, outside the index): they were checked one at a time when sent.
/// </summary>
internal static class V0013_AmendOnce
{
    /// <summary>The same filter in the model (BinHubDb) and the migration; both providers accept quoted names.</summary>
    public const string Filter = "\"AmendsVersionId\" IS NOT NULL AND \"State\" <> 3"; // 3 = MessageState.Refused

    public static void Up(MigrationBuilder mb, bool pg)
    {
        mb.AddColumn<long>("AmendsVersionId", "Messages", nullable: true);
        mb.CreateIndex("IX_Messages_AmendsVersionId", "Messages", "AmendsVersionId", unique: true, filter: Filter);
    }
}
