using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

// Migrations for PostgreSQL (see Sqlite.cs for the convention).
namespace BinHub.Data.Migrations.Postgres;

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261124000001_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0001_Initial.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261124000002_SmsDelivery")]
public sealed class SmsDelivery : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0002_SmsDelivery.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261124000003_Members")]
public sealed class Members : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0003_Members.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261125000004_MemberSelfService")]
public sealed class MemberSelfService : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0004_MemberSelfService.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261125000005_Reports")]
public sealed class Reports : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0005_Reports.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261125000006_Messages")]
public sealed class Messages : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0006_Messages.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261125000007_Dispatch")]
public sealed class Dispatch : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0007_Dispatch.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261125000008_DeliveryMessageCheck")]
public sealed class DeliveryMessageCheck : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0008_DeliveryMessageCheck.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261202000009_OneQueue")]
public sealed class OneQueue : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0009_OneQueue.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261202000010_Calls")]
public sealed class Calls : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0010_Calls.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261202000011_Invitations")]
public sealed class Invitations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0011_Invitations.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261202000012_BinAreaAndCapUpdates")]
public sealed class BinAreaAndCapUpdates : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0012_BinAreaAndCapUpdates.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261202000013_AmendOnce")]
public sealed class AmendOnce : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0013_AmendOnce.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261203000014_Practices")]
public sealed class Practices : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0014_Practices.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261203000015_Training")]
public sealed class TrainingRegistry : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0015_Training.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261203000016_Volunteering")]
public sealed class Volunteering : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0016_Volunteering.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261203000017_Events")]
public sealed class Events : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0017_Events.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261203000018_SteeringCommittee")]
public sealed class SteeringCommittee : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0018_SteeringCommittee.Up(migrationBuilder, pg: true);
}

[DbContext(typeof(PostgresBinHubDb))]
[Migration("20261203000019_VolunteerTraining")]
public sealed class VolunteerTraining : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => V0019_VolunteerTraining.Up(migrationBuilder, pg: true);
}
