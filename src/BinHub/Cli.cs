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
    public static bool IsCliInvocation(string[] args) =>
        args.Length > 0 && CliVerbs.Names.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args)
    {
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
