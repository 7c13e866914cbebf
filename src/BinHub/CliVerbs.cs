using System.CommandLine;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Geography;
using BinHub.Features.Join;
using BinHub.Features.Seeding;
using BinHub.Features.Users;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub;

/// <summary>The verbs of the admin CLI. Each verb's work lives in its feature file; this only parses and prints.</summary>
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

        var import = new Command("import", "Import reference data.");
        var geoDir = new Argument<string>("dir") { Description = "Folder with belgium.json, REFNIS_2019.csv, Politiezones.json, muni2019_policezone2020.csv, mergers_2025.csv." };
        var geo = new Command("geo", "Regions, provinces, municipalities (with the 2025 mergers) and police zones.") { geoDir };
        geo.SetAction(async (pr, ct) => await Cli.WithDbAsync(async (_, db) =>
        {
            await Database.MigrateAsync(db, ct);
            ImportGeo.Result result;
            try { result = await ImportGeo.RunAsync(db, pr.GetValue(geoDir)!, new ConsoleProgress(), ct); }
            catch (GeoImportException e) { ConsoleProgress.Done(); throw new CliException($"{e.Message} — nothing was changed."); }
            ConsoleProgress.Done();
            Console.WriteLine($"{result.Regions} regions, {result.Provinces} provinces, {result.Zones} police zones, " +
                              $"{result.Municipalities} municipality codes ({result.Current} current, {result.MergedAway} merged away).");
            if (result.Conflicts.Count > 0)
            {
                Console.WriteLine($"{result.Conflicts.Count} merged municipalities lie in several police zones; the Kenniscentrum must decide (Admin › Police zones):");
                foreach (var c in result.Conflicts) Console.WriteLine($"  {c.Nis} {c.Name}: zones {string.Join(", ", c.Candidates)}");
            }
            return 0;
        }));
        import.Subcommands.Add(geo);
        yield return import;

        var seed = new Command("seed", "Load data into an empty database.");
        var demo = new Command("demo", "A few BINs in two zones and one account per role (passwords printed once).");
        demo.SetAction(async (_, ct) => await Cli.WithHostAsync(async (sp, db) =>
        {
            await Database.MigrateAsync(db, ct);
            if (!await db.Municipalities.AnyAsync(ct))
            {
                var config = sp.GetRequiredService<IConfiguration>();
                var dir = GeoDirectory.Find(config)
                          ?? throw new CliException($"No reference geography at {GeoDirectory.Describe(config)}: import geo <dir> first.");
                await ImportGeo.RunAsync(db, dir, new ConsoleProgress(), ct);
                ConsoleProgress.Done();
            }
            SeedDemo.Result demo;
            try
            {
                demo = await SeedDemo.RunAsync(db, sp.GetRequiredService<UserManager<AppUser>>(), TimeProvider.System,
                    sp.GetRequiredService<IStringLocalizer<SharedResource>>(), PublicUrl.For(sp), ct);
            }
            catch (InvalidOperationException e) { throw new CliException(e.Message); }
            foreach (var a in demo.Accounts) Console.WriteLine($"{a.Role,-21} {a.Email,-40} {a.Password}  {a.Scope}");
            Console.WriteLine($"Training certificate to check on /Certificates/Verify: {Features.Training.Certificates.Grouped(demo.CertificateCode)}");
            return 0;
        }));
        seed.Subcommands.Add(demo);
        var year = new Option<int>("--year") { Description = "Year whose published figures to reproduce (BINs start before it).", Required = true };
        var geoOption = new Option<string?>("--geo") { Description = "Geography folder, imported first if the database has none (default: Geo:Directory, else the copy shipped with BinHub)." };
        var national = new Command("national", "A synthetic national registry (1,557 BINs, ~180,000 households) on an empty database.") { year, geoOption };
        national.SetAction(async (pr, ct) => await Cli.WithDbAsync(async (sp, db) =>
        {
            await Database.MigrateAsync(db, ct);
            if (!await db.Municipalities.AnyAsync(ct))
            {
                var config = sp.GetRequiredService<IConfiguration>();
                var dir = pr.GetValue(geoOption) ?? GeoDirectory.Find(config)
                          ?? throw new CliException($"No reference geography at {GeoDirectory.Describe(config)}: pass --geo <dir> or run import geo <dir> first.");
                try { await ImportGeo.RunAsync(db, dir, new ConsoleProgress(), ct); }
                catch (GeoImportException e) { throw new CliException(e.Message); }
                ConsoleProgress.Done();
            }
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Features.Seeding.SeedNational.Result result;
            try { result = await Features.Seeding.SeedNational.RunAsync(db, pr.GetValue(year), new ConsoleProgress(), ct); }
            catch (InvalidOperationException e) { throw new CliException(e.Message); }
            ConsoleProgress.Done();
            Console.WriteLine($"{result.Bins} BINs, {result.Users} people, {result.Households:N0} households in {watch.Elapsed.TotalSeconds:0.0} s.");
            return 0;
        }));
        seed.Subcommands.Add(national);
        yield return seed;

        var user = new Command("user", "Manage accounts.");
        var email = new Option<string>("--email") { Description = "E-mail address (also the user name).", Required = true };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.All)}.", Required = true };
        var scope = new Option<string?>("--scope") { Description = "Zone number (PoliceOfficer), NIS code (MunicipalityOfficial) or BIN id (Coordinator)." };
        var name = new Option<string?>("--name") { Description = "Display name." };
        var add = new Command("add", "Create an account; prints the e-mail confirmation link.") { email, role, scope, name };
        add.SetAction(async (pr, ct) => await Cli.WithHostAsync(async (sp, db) =>
        {
            // The one verb that sends a link: in production it needs the public address, like the web app.
            PublicUrl.RequireInProduction(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>());
            var publicUrl = PublicUrl.For(sp);
            var outcome = await AddUser.HandleAsync(db, sp.GetRequiredService<UserManager<AppUser>>(), TimeProvider.System, Actor.System("cli"),
                new AddUser.Request(pr.GetValue(email)!, pr.GetValue(role)!, pr.GetValue(scope), pr.GetValue(name), null, publicUrl), ct);
            var result = Expect(outcome);
            Console.WriteLine($"Created {pr.GetValue(email)} ({pr.GetValue(role)}), id {result.UserId}.");
            Console.WriteLine($"Confirmation link (also e-mailed): {publicUrl}{result.ConfirmationPath}");
            return 0;
        }));
        user.Subcommands.Add(add);
        yield return user;

        var token = new Command("token", "Personal API tokens.");
        var tokenEmail = new Option<string>("--email") { Description = "Owner of the token.", Required = true };
        var tokenName = new Option<string>("--name") { Description = "What the token is for.", DefaultValueFactory = _ => "cli" };
        var tokenAdd = new Command("add", "Create a token for a user; the secret is printed once.") { tokenEmail, tokenName };
        tokenAdd.SetAction(async (pr, ct) => await Cli.WithHostAsync(async (sp, db) =>
        {
            var owner = await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(pr.GetValue(tokenEmail)!)
                        ?? throw new CliException($"No user with e-mail {pr.GetValue(tokenEmail)}.");
            var created = Expect(await ApiTokenCommands.CreateAsync(db, TimeProvider.System, Actor.System("cli"), owner.Id, pr.GetValue(tokenName)!,
                sp.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>(), ct));
            Console.WriteLine(created.Secret);
            Console.Error.WriteLine("Store this token now: it is not shown again. Send it as 'Authorization: Bearer <token>'.");
            return 0;
        }));
        token.Subcommands.Add(tokenAdd);
        yield return token;
    }

    private static T Expect<T>(Outcome<T> outcome) => outcome switch
    {
        Outcome<T>.Ok ok => ok.Value,
        Outcome<T>.Invalid i => throw new CliException(string.Join(" ", i.Errors.SelectMany(e => e.Value))),
        Outcome<T>.Forbidden f => throw new CliException(f.Message),
        _ => throw new CliException("Not found."),
    };
}
