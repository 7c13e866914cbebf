using Microsoft.EntityFrameworkCore.Migrations;

namespace BinHub.Data.Migrations;

/// <summary>Version 2: SMS in the outbox, with the gateway's delivery reports.</summary>
internal static class V0002_SmsDelivery
{
    public static void Up(MigrationBuilder mb, bool pg)
    {
        mb.AddColumn<int>("DeliveryReport", "OutboxMessages", nullable: false, defaultValue: 0);
        if (pg) mb.AddColumn<DateTimeOffset>("DeliveryReportAt", "OutboxMessages", nullable: true);
        else mb.AddColumn<long>("DeliveryReportAt", "OutboxMessages", nullable: true);
    }
}
