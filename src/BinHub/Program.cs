using BinHub;

if (Cli.IsCliInvocation(args))
    return await Cli.RunAsync(args);

WebApplication app;
try
{
    app = WebApp.Build(args);
}
catch (CliException e)
{
    // A setting production cannot do without: one clear line for the operator and a non-zero exit, not a stack trace.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
await app.RunAsync();
return 0;

/// <summary>Entry point; public so the integration tests' WebApplicationFactory can reach it.</summary>
public partial class Program;
