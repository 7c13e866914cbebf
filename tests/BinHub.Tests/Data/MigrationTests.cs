using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Data;

public class MigrationTests
{
    [Fact]
    public async Task Migrations_from_empty_create_every_table_and_column_of_the_model()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(cs);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var missing = new List<string>();
        foreach (var table in db.Model.GetRelationalModel().Tables)
        {
            var actual = await ColumnsAsync(db, table.Name);
            if (actual.Count == 0) { missing.Add(table.Name); continue; }
            foreach (var column in table.Columns)
            {
                if (!actual.TryGetValue(column.Name, out var nullable)) missing.Add($"{table.Name}.{column.Name}");
                else if (nullable != column.IsNullable) missing.Add($"{table.Name}.{column.Name} nullability {nullable} != model {column.IsNullable}");
            }
        }
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Migrating_twice_is_a_no_op()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(cs);
        await BinHub.Infrastructure.Database.MigrateAsync(db);
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    private static async Task<Dictionary<string, bool>> ColumnsAsync(BinHub.Data.BinHubDb db, string table)
    {
        var result = new Dictionary<string, bool>();
        var conn = db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        if (db.IsPostgres)
        {
            cmd.CommandText = "SELECT column_name, is_nullable = 'YES' FROM information_schema.columns WHERE table_name = @t";
            var p = cmd.CreateParameter(); p.ParameterName = "t"; p.Value = table; cmd.Parameters.Add(p);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) result[r.GetString(0)] = r.GetBoolean(1);
        }
        else
        {
            cmd.CommandText = $"SELECT name, \"notnull\", pk FROM pragma_table_info('{table}')";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) result[r.GetString(0)] = r.GetInt64(1) == 0 && r.GetInt64(2) == 0;
        }
        return result;
    }
}

public class AuditLogTests
{
    [Fact]
    public async Task The_database_refuses_to_change_or_delete_an_audit_line()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(cs);
        db.AuditEntries.Add(new BinHub.Domain.AuditEntry { Action = "Create", EntityType = "Bin", EntityId = "1", At = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.ExecuteUpdateAsync(s => s.SetProperty(a => a.Action, "Tampered")));
        await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.ExecuteDeleteAsync());
        db.ChangeTracker.Clear();
        Assert.Equal("Create", (await db.AuditEntries.SingleAsync()).Action);
    }
}

public class UpgradeTests
{
    [Fact]
    public async Task Upgrading_from_version_1_keeps_the_outbox_and_gives_new_columns_their_defaults()
    {
        var cs = await TestDatabase.CreateEmptyAsync();
        await using var db = TestDatabase.Open(cs);
        var migrator = db.GetInfrastructure().GetRequiredService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
        await migrator.MigrateAsync("20261124000001_Initial");
        await db.Database.ExecuteSqlRawAsync(db.IsPostgres
            ? """INSERT INTO "OutboxMessages" ("Channel","Recipient","Subject","Body","Kind","DedupKey","CreatedAt","DueAt","State","Attempts") VALUES (0,'a@b.be','s','b','Test','k1',now(),now(),1,1)"""
            : """INSERT INTO "OutboxMessages" ("Channel","Recipient","Subject","Body","Kind","DedupKey","CreatedAt","DueAt","State","Attempts") VALUES (0,'a@b.be','s','b','Test','k1',1,1,1,1)""");

        await BinHub.Infrastructure.Database.MigrateAsync(db);
        var kept = await db.OutboxMessages.SingleAsync(m => m.DedupKey == "k1");
        Assert.Equal("a@b.be", kept.Recipient);
        Assert.Equal(DeliveryReport.None, kept.DeliveryReport);
        Assert.Null(kept.DeliveryReportAt);
    }
}
