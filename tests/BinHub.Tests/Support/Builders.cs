using BinHub.Data;
using BinHub.Features.Users;
using BinHub.Infrastructure;

namespace BinHub.Tests.Support;

/// <summary>Small builders: each test makes the geography, people and BINs it needs, with unique codes.</summary>
public sealed class World(BinHubApp app)
{
    private static int next = Random.Shared.Next(1000, 8000);
    private static int Next() => Interlocked.Increment(ref next);

    // A full run makes more than 10,000 places and people (one counter for all): codes keep the real shapes past that, a NIS
    // code five digits (90000–99999, then 10000–89999) and a province code five characters (P0001 … Z9999).
    private static string Nis(int n) => (n < 10_000 ? 90_000 + n : n).ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static string ProvinceCode(int n) => $"{(char)('P' + n / 10_000)}{n % 10_000:0000}";

    public sealed record Place(int Zone, string Nis, string RegionCode, string ProvinceCode);

    public sealed record Person(AppUser User, string Token);

    public async Task<Place> PlaceAsync(string region = "02000")
    {
        var n = Next();
        await using var db = app.Db();
        if (await db.Regions.FindAsync(region) is null)
            db.Regions.Add(new Region { Code = region, NameNl = $"Gewest {region}", NameFr = $"Région {region}", NameEn = $"Region {region}" });
        var province = ProvinceCode(n);
        db.Provinces.Add(new Province { Code = province, RegionCode = region, NameNl = $"Provincie {n}", NameFr = $"Province {n}" });
        var zone = 10_000 + n;
        db.PoliceZones.Add(new PoliceZone { Number = zone, Name = $"PZ Test {n}", RegionCode = region });
        var nis = Nis(n);
        db.Municipalities.Add(new Municipality
        {
            Nis = nis, NameNl = $"Testgem {n}", NameFr = $"Commune test {n}", RegionCode = region, ProvinceCode = province,
            PoliceZoneNumber = zone, Population = 10_000,
            BoundaryGeoJson = """{"type":"Polygon","coordinates":[[[3.7,51.0],[3.8,51.0],[3.8,51.1],[3.7,51.1],[3.7,51.0]]]}""",
        });
        await db.SaveChangesAsync();
        return new Place(zone, nis, region, province);
    }

    /// <summary>A second municipality in the same zone.</summary>
    public async Task<string> MunicipalityInZoneAsync(Place place)
    {
        var n = Next();
        await using var db = app.Db();
        var nis = Nis(n);
        db.Municipalities.Add(new Municipality
        {
            Nis = nis, NameNl = $"Buurgem {n}", NameFr = $"Commune voisine {n}", RegionCode = place.RegionCode, ProvinceCode = place.ProvinceCode,
            PoliceZoneNumber = place.Zone, Population = 5_000,
        });
        await db.SaveChangesAsync();
        return nis;
    }

    public async Task<Person> PersonAsync(string role, int? zone = null, string? nis = null, int? coordinates = null, string? lang = null)
    {
        await using var db = app.Db();
        await AddUser.EnsureRolesAsync(db, default);
        var n = Next();
        var email = $"{role.ToLowerInvariant()}.{n}@test.invalid";
        var user = new AppUser
        {
            UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true, DisplayName = $"{role} {n}", SecurityStamp = Guid.NewGuid().ToString(), PoliceZoneNumber = zone,
            MunicipalityNis = nis, Language = lang, CreatedAt = app.Clock.Now, LockoutEnabled = true,
            // A staff account's token works only once its second factor is enrolled, as in service.
            TwoFactorEnabled = Roles.RequireTwoFactor.Contains(role),
        };
        db.Users.Add(user);
        db.UserRoles.Add(new() { UserId = user.Id, RoleId = role });
        if (coordinates is { } binId) db.BinCoordinators.Add(new BinCoordinator { BinId = binId, UserId = user.Id, IsPrimary = true });
        var secret = TokenSecrets.NewSecret();
        db.ApiTokens.Add(new ApiToken { UserId = user.Id, Name = "test", Prefix = secret[..12], Hash = TokenSecrets.Hash(secret), CreatedAt = app.Clock.Now });
        await db.SaveChangesAsync();
        return new Person(user, secret);
    }

    public async Task<Bin> BinAsync(Place place, BinStatus status = BinStatus.Draft, string? name = null, BinType type = BinType.Bin,
        string? officerId = null, DateTimeOffset? activeSince = null)
    {
        await using var db = app.Db();
        var now = app.Clock.Now;
        var bin = new Bin
        {
            Name = name ?? $"BIN Test {Next()}", Type = type, MunicipalityNis = place.Nis, PoliceZoneNumber = place.Zone, Status = status,
            CreatedAt = now, UpdatedAt = now, MandatedOfficerId = officerId, EnteredHouseholds = 100, AreaStreets = "Kerkstraat\nDorpsstraat",
        };
        bin.StatusChanges.Add(new BinStatusChange { To = BinStatus.Draft, Reason = "created", At = activeSince?.AddDays(-10) ?? now });
        if (status != BinStatus.Draft)
        {
            bin.Charters.Add(new Charter { Version = 1, CreatedAt = now });
            bin.StatusChanges.Add(new BinStatusChange { From = BinStatus.Draft, To = BinStatus.AwaitingSignatures, At = activeSince?.AddDays(-5) ?? now });
        }
        if (status is BinStatus.Active or BinStatus.Suspended or BinStatus.Dissolved)
        {
            bin.Charters[0].FullyApprovedAt = activeSince ?? now;
            bin.Charters[0].ValidUntil = (activeSince ?? now).AddMonths(36);
            bin.RegistrationNumber = $"BIN-{place.Zone}-T{Next()}";
            bin.StatusChanges.Add(new BinStatusChange { From = BinStatus.AwaitingSignatures, To = BinStatus.Active, At = activeSince ?? now });
        }
        if (status is BinStatus.Suspended or BinStatus.Dissolved)
            bin.StatusChanges.Add(new BinStatusChange { From = BinStatus.Active, To = status, Reason = "test", At = now });
        db.Bins.Add(bin);
        await db.SaveChangesAsync();
        return bin;
    }

    /// <summary>The three parties of a BIN's charter, each in scope.</summary>
    public async Task<(Person Coordinator, Person Officer, Person Municipality)> PartiesAsync(Place place, int binId) =>
        (await PersonAsync(Roles.Coordinator, coordinates: binId),
         await PersonAsync(Roles.PoliceOfficer, zone: place.Zone),
         await PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis));
}
