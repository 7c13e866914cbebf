using BinHub.Infrastructure;

namespace BinHub;

public static class WebApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddBinHubCore(builder.Configuration, builder.Environment);
        var app = builder.Build();
        return app;
    }
}

public static class ServiceRegistration
{
    /// <summary>What both the web app and the CLI need.</summary>
    public static IServiceCollection AddBinHubCore(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddBinHubDatabase(config);
        return services;
    }
}
