using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>
/// Version 12: what the CAP feed needs of a message. Whether it is an exercise, the circle of a radius target, and for an
/// update or a withdrawal the message it amends (indexed: the feeds leave out what was amended). A BIN's own area already
/// has its column (Bins.AreaGeoJson, version 1). Existing messages are real, new, and targeted by BIN, zone or municipality.
/// </summary>
internal static class V0012_BinAreaAndCapUpdates
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        mb.AddColumn<bool>("IsExercise", "Messages", nullable: false, defaultValue: false);
        mb.AddColumn<double>("CircleLat", "Messages", nullable: true);
        mb.AddColumn<double>("CircleLon", "Messages", nullable: true);
        mb.AddColumn<double>("CircleKm", "Messages", nullable: true);
        mb.AddColumn<int>("Amendment", "Messages", nullable: false, defaultValue: 0);
        mb.AddColumn<long>("AmendsId", "Messages", nullable: true);
        mb.CreateIndex("IX_Messages_AmendsId", "Messages", "AmendsId");
    }
}
