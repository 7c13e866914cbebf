using Microsoft.AspNetCore.Identity;
using System.CommandLine;
using BinHub.Data;
using BinHub.Infrastructure;

namespace BinHub;

/// <summary>
/// The executable doubles as the operators' admin CLI. Verbs are registered by their features
/// (see <see cref="CliVerbs"/>); each prints clear errors and exits non-zero on failure.
/// </summary>
public static class Cli
{
    /// <summary>
    /// Any argument makes it a CLI run — a verb, a request for help, or a mistake the CLI names — except settings for the
    /// web application given as <c>--Key=value</c> (e.g. <c>--Urls=http://0.0.0.0:8080</c>). No argument runs the web app.
    /// </summary>
    public static bool IsCliInvocation(string[] args) =>
        args.Length > 0 && !args.All(IsWebSetting);

    private static bool IsWebSetting(string arg) => arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') > 2;

    private static readonly HashSet<string> HelpWords = ["--help", "-h", "-?", "/?", "/h", "help"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (HelpWords.Contains(args[0]))
        {
            Console.Out.Write(Usage());
            return 1;
        }
        if (!CliVerbs.Names.Contains(args[0]))
        {
            Console.Error.WriteLine($"error: unknown verb \"{args[0]}\".");
            Console.Error.WriteLine();
            Console.Error.Write(Usage());
            return 1;
        }
        var root = new RootCommand("BinHub admin command line. Without a verb, BinHub runs the web application.");
        foreach (var verb in CliVerbs.Build()) root.Subcommands.Add(verb);
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Exception e)
        {
            // Operators get one clear line; the stack trace only when asked for (BINHUB_DEBUG=1).
            Console.Error.WriteLine($"error: {e.GetBaseException().Message}");
            if (Environment.GetEnvironmentVariable("BINHUB_DEBUG") == "1") Console.Error.WriteLine(e);
            return 2;
        }
    }

    /// <summary>The verbs, one line each (what <c>--help</c>, <c>-h</c> and an unknown verb print); built from the verbs themselves.</summary>
    public static string Usage()
    {
        var lines = new List<(string Syntax, string Description)>();
        foreach (var verb in CliVerbs.Build()) Collect(verb, "", lines);
        var width = lines.Max(l => l.Syntax.Length) + 2;
        var text = new System.Text.StringBuilder();
        text.AppendLine("Usage: BinHub <verb> [options]   (dotnet BinHub.dll … when not published)");
        text.AppendLine();
        text.AppendLine("Without arguments BinHub runs the web application; settings may follow as --Key=value (e.g. --Urls=http://0.0.0.0:8080).");
        text.AppendLine();
        text.AppendLine("Verbs:");
        foreach (var (syntax, description) in lines) text.AppendLine($"  {syntax.PadRight(width)}{description}");
        text.AppendLine();
        text.AppendLine("BinHub <verb> --help shows a verb's options.");
        return text.ToString();

        static void Collect(Command command, string prefix, List<(string, string)> into)
        {
            var path = prefix + command.Name;
            if (command.Subcommands.Count > 0)
            {
                foreach (var sub in command.Subcommands) Collect(sub, path + " ", into);
                return;
            }
            var parts = new List<string> { path };
            parts.AddRange(command.Arguments.Select(a => $"<{a.Name}>"));
            parts.AddRange(command.Options.Where(o => o.Required).Select(o => $"{o.Name} <{o.Name.TrimStart('-')}>"));
            into.Add((string.Join(' ', parts), command.Description ?? ""));
        }
    }

    /// <summary>A host without the web server: configuration, logging and the database, as the web app has them.</summary>
    public static IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning); // appsettings says Information for the web app
        builder.Services.AddBinHubCore(builder.Configuration, builder.Environment);
        return builder.Build();
    }

    /// <summary>Like <see cref="WithDbAsync{T}"/> with Identity's services too (user and token verbs).</summary>
    public static async Task<T> WithHostAsync<T>(Func<IServiceProvider, BinHubDb, Task<T>> action)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning); // appsettings says Information for the web app
        builder.Services.AddBinHubCore(builder.Configuration, builder.Environment);
        // seed demo runs the use cases people run, and they answer (and write e-mails) in the shared texts.
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.AddIdentityCore<BinHub.Domain.AppUser>(o => { o.Password.RequiredLength = 12; o.Password.RequireNonAlphanumeric = false; o.User.RequireUniqueEmail = true; })
            .AddRoles<Microsoft.AspNetCore.Identity.IdentityRole>()
            .AddEntityFrameworkStores<BinHubDb>()
            .AddDefaultTokenProviders();
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BinHubDb>();
        return await action(scope.ServiceProvider, db);
    }

    public static async Task<T> WithDbAsync<T>(Func<IServiceProvider, BinHubDb, Task<T>> action)
    {
        using var host = BuildHost();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BinHubDb>();
        return await action(scope.ServiceProvider, db);
    }
}

public sealed class CliException(string message) : Exception(message);

/// <summary>Console progress for long verbs: one line rewritten in place on a terminal, plain lines otherwise.</summary>
public sealed class ConsoleProgress : IProgress<string>
{
    public void Report(string value)
    {
        if (Console.IsOutputRedirected) Console.WriteLine(value);
        else Console.Write($"\r{value,-78}");
    }

    public static void Done() { if (!Console.IsOutputRedirected) Console.WriteLine(); }
}
