using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>
/// Version 10: voice calls. A voice row records where its latest call stands (ringing, answered, confirmed, …), when the
/// member answered and when they pressed 1. Existing rows get none (no call was ever placed before this version).
/// </summary>
internal static class V0010_Calls
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        mb.AddColumn<int>("Call", "Deliveries", nullable: true);
        if (pg)
        {
            mb.AddColumn<DateTimeOffset>("AnsweredAt", "Deliveries", nullable: true);
            mb.AddColumn<DateTimeOffset>("ConfirmedAt", "Deliveries", nullable: true);
        }
        else
        {
            mb.AddColumn<long>("AnsweredAt", "Deliveries", nullable: true);
            mb.AddColumn<long>("ConfirmedAt", "Deliveries", nullable: true);
        }
    }
}
