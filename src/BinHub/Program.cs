using BinHub;

if (Cli.IsCliInvocation(args))
    return await Cli.RunAsync(args);

var app = WebApp.Build(args);
await app.RunAsync();
return 0;

/// <summary>Entry point; public so the integration tests' WebApplicationFactory can reach it.</summary>
public partial class Program;
