using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Geography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Seeding;

/// <summary>First start on an empty database: import the geography, load the demo, print the accounts once.</summary>
public static class DemoOnFirstStart
{
    public static async Task RunAsync(IServiceProvider services, BinHubDb db, ILogger log, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(ct)) return;
        if (!await db.Municipalities.AnyAsync(ct))
        {
            var config = services.GetRequiredService<IConfiguration>();
            var dir = GeoDirectory.Find(config);
            if (dir is null)
            {
                log.LogWarning("No demo data: the reference geography was not found at {Where}.", GeoDirectory.Describe(config));
                return;
            }
            await ImportGeo.RunAsync(db, dir, null, ct);
        }
        var demo = await SeedDemo.RunAsync(db, services.GetRequiredService<UserManager<AppUser>>(), services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<IStringLocalizer<SharedResource>>(), Join.PublicUrl.For(services), ct);
        // Printed once, on the console only: the passwords are stored nowhere else.
        Console.WriteLine();
        Console.WriteLine("==== BinHub demo accounts (shown once; two-factor enrolment at first sign-in for staff roles) ====");
        foreach (var a in demo.Accounts) Console.WriteLine($"  {a.Role,-21} {a.Email,-40} {a.Password}  {a.Scope}");
        Console.WriteLine($"  Training certificate to check on /Certificates/Verify: {Training.Certificates.Grouped(demo.CertificateCode)}");
        Console.WriteLine("=================================================================================================");
        Console.WriteLine();
    }
}
