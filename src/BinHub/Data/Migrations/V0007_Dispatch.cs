using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>
/// Version 7: which dispatcher instance claimed a delivery. Several instances may share one PostgreSQL database; the
/// column says who holds a lease (and who handed the delivery over), so an instance that restarts can take back its own
/// leases at once instead of waiting for them to run out.
/// </summary>
internal static class V0007_Dispatch
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        mb.AddColumn<string>("DispatchedBy", "Deliveries", maxLength: 100, nullable: true);
    }
}
