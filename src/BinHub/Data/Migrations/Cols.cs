using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace BinHub.Data.Migrations;

/// <summary>
/// Column helpers for hand-written migrations. Types are left to each provider's default mapping of the
/// CLR type (text/integer on SQLite, text/varchar/timestamptz on PostgreSQL), except instants, which SQLite
/// stores as UTC ticks (see <see cref="SqliteBinHubDb"/>). Each provider ignores the other's annotations.
/// </summary>
internal sealed class Cols(ColumnsBuilder c, bool pg)
{
    public OperationBuilder<AddColumnOperation> Id() => c.Column<int>(nullable: false)
        .Annotation("Sqlite:Autoincrement", true)
        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    public OperationBuilder<AddColumnOperation> LongId() => c.Column<long>(nullable: false)
        .Annotation("Sqlite:Autoincrement", true)
        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    public OperationBuilder<AddColumnOperation> Str(int? max = null, bool nullable = true) =>
        c.Column<string>(maxLength: max, nullable: nullable);

    public OperationBuilder<AddColumnOperation> Int(bool nullable = false) => c.Column<int>(nullable: nullable);
    public OperationBuilder<AddColumnOperation> Long(bool nullable = false) => c.Column<long>(nullable: nullable);
    public OperationBuilder<AddColumnOperation> Bool() => c.Column<bool>(nullable: false);
    public OperationBuilder<AddColumnOperation> Date(bool nullable = true) => c.Column<DateOnly>(nullable: nullable);
    public OperationBuilder<AddColumnOperation> Time(bool nullable = true) => c.Column<TimeOnly>(nullable: nullable);

    public OperationBuilder<AddColumnOperation> Instant(bool nullable = false) => pg
        ? c.Column<DateTimeOffset>(nullable: nullable)
        : c.Column<long>(nullable: nullable);
}
