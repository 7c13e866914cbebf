using System.CommandLine;
using BinHub.Infrastructure;

namespace BinHub;

/// <summary>The verbs of the admin CLI. Each verb's work lives in its feature file; this only parses.</summary>
public static class CliVerbs
{
    public static readonly HashSet<string> Names = ["migrate", "import", "seed", "user", "token"];

    public static IEnumerable<Command> Build()
    {
        var migrate = new Command("migrate", "Apply the database migrations of the configured provider.");
        migrate.SetAction(async (_, ct) => await Cli.WithDbAsync(async (_, db) =>
        {
            await Database.MigrateAsync(db, ct);
            Console.WriteLine("Database is up to date.");
            return 0;
        }));
        yield return migrate;
    }
}
