using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Charters;
using BinHub.Features.Users;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Seeding;

/// <summary>
/// A synthetic national registry for demos and benchmarks: per region the published 2024 numbers of BINs and BIN-Z
/// spread over the real municipalities in proportion to population, each with a status history, a charter
/// approved by three parties, a coordinator, a mandated officer per zone, and about 180,000 households in all.
/// Nothing here is read by the statistics: they count the rows this writes, like any other rows.
/// </summary>
public static class SeedNational
{
    /// <summary>Published 2024 figures (BIN, BIN-Z) per region.</summary>
    public static readonly IReadOnlyDictionary<string, (int Bin, int BinZ)> Published2024 = new Dictionary<string, (int, int)>
    {
        ["02000"] = (1060, 153), ["04000"] = (15, 2), ["03000"] = (311, 16),
    };

    public const int Households = 180_000;

    public sealed record Result(int Bins, int Users, int Households);

    private sealed record Place(Municipality Municipality, int Zone);

    public static async Task<Result> RunAsync(BinHubDb db, int year, IProgress<string>? progress, CancellationToken ct)
    {
        if (year is < 2006 or > 2100) throw new InvalidOperationException("The year must be between 2006 and 2100.");
        if (await db.Bins.AnyAsync(ct)) throw new InvalidOperationException("The database already has BINs; seed national only fills an empty registry.");
        var places = (await db.Municipalities.Where(m => m.IsCurrent && m.PoliceZoneNumber != null).ToListAsync(ct))
            .Select(m => new Place(m, m.PoliceZoneNumber!.Value)).ToList();
        if (places.Count == 0) throw new InvalidOperationException("No municipalities with a police zone: import the geography first (import geo <dir>).");
        await AddUser.EnsureRolesAsync(db, ct);

        var random = new Random(year); // the same registry for the same year, every time
        var endOfYear = BrusselsTime.EndOfYear(year);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        progress?.Report("Officers per zone…");
        var officers = new Dictionary<int, AppUser>();
        foreach (var zone in places.Select(p => p.Zone).Distinct().Order())
        {
            var officer = NewUser($"inspecteur.{zone}@pz{zone}.example.invalid", $"Insp. {People.Name(random)}", endOfYear.AddYears(-8));
            officer.PoliceZoneNumber = zone;
            officers[zone] = officer;
            db.Users.Add(officer);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = officer.Id, RoleId = Roles.PoliceOfficer });
        }

        var plan = new List<(Place Place, BinType Type)>();
        foreach (var (region, (binCount, binZCount)) in Published2024)
        {
            var inRegion = places.Where(p => p.Municipality.RegionCode == region).ToList();
            if (inRegion.Count == 0) throw new InvalidOperationException($"No municipalities in region {region}.");
            plan.AddRange(Spread(inRegion, binCount).Select(p => (p, BinType.Bin)));
            plan.AddRange(Spread(inRegion, binZCount).Select(p => (p, BinType.BinZ)));
        }
        var households = HouseholdsFor(plan.Select(p => p.Type).ToList(), random);

        progress?.Report($"{plan.Count} BINs…");
        var counters = new Dictionary<int, int>();
        var perMunicipality = new Dictionary<(string, BinType), int>();
        var rows = new List<Bin>();
        for (var i = 0; i < plan.Count; i++)
        {
            var (place, type) = plan[i];
            var m = place.Municipality;
            var n = perMunicipality[(m.Nis, type)] = perMunicipality.GetValueOrDefault((m.Nis, type)) + 1;
            var french = m.RegionCode == "03000" || (m.RegionCode == "04000" && random.Next(3) > 0);
            var start = new DateTimeOffset(2005, 1, 1, 9, 0, 0, TimeSpan.Zero).AddDays(random.Next((int)(endOfYear.AddYears(-1) - new DateTimeOffset(2005, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalDays));
            var coordinator = NewUser($"coord.{i + 1}@bin.example.invalid", People.Name(random), start.AddDays(-60));
            db.Users.Add(coordinator);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = coordinator.Id, RoleId = Roles.Coordinator });
            // The charter in force at the year's end: renewed every three years since the start.
            var renewals = 0;
            while (start.AddMonths(36 * (renewals + 1)) <= endOfYear) renewals++;
            var approved = start.AddMonths(36 * renewals);
            var seq = counters[place.Zone] = counters.GetValueOrDefault(place.Zone) + 1;
            var bin = new Bin
            {
                Name = People.BinName(type, french ? m.NameFr : m.NameNl, french, n, random), Type = type, MunicipalityNis = m.Nis, PoliceZoneNumber = place.Zone,
                AreaStreets = string.Join('\n', People.Streets(random, french)), Language = french ? "fr" : m.NameDe is not null ? "de" : "nl",
                EnteredHouseholds = households[i], StartDate = DateOnly.FromDateTime(start.UtcDateTime), Status = BinStatus.Active,
                RegistrationNumber = RegistrationNumbers.Format(place.Zone, seq), MandatedOfficerId = officers[place.Zone].Id,
                CreatedAt = start.AddDays(-60), UpdatedAt = approved,
                ContactEmail = $"bin{i + 1}@bin.example.invalid",
                Coordinators = [new BinCoordinator { UserId = coordinator.Id, IsPrimary = true }],
                StatusChanges =
                [
                    new BinStatusChange { To = BinStatus.Draft, Reason = "created", ByName = "seed", At = start.AddDays(-60) },
                    new BinStatusChange { From = BinStatus.Draft, To = BinStatus.AwaitingSignatures, Reason = "", ByName = "seed", At = start.AddDays(-30) },
                    new BinStatusChange { From = BinStatus.AwaitingSignatures, To = BinStatus.Active, Reason = "charter approved", ByName = "seed", At = start },
                ],
                Charters =
                [
                    new Charter
                    {
                        Version = renewals + 1, CreatedAt = approved.AddDays(-20), FullyApprovedAt = approved, ValidUntil = approved.AddMonths(36),
                        Approvals =
                        [
                            new CharterApproval { Party = CharterParty.Bin, UserId = coordinator.Id, UserName = coordinator.DisplayName, At = approved.AddDays(-10) },
                            new CharterApproval { Party = CharterParty.Police, UserId = officers[place.Zone].Id, UserName = officers[place.Zone].DisplayName, At = approved.AddDays(-5) },
                            new CharterApproval { Party = CharterParty.Municipality, UserId = officers[place.Zone].Id, UserName = $"Stad/Gemeente {m.NameNl}", At = approved },
                        ],
                    },
                ],
            };
            rows.Add(bin);
            db.Bins.Add(bin);
            if ((i + 1) % 250 == 0) progress?.Report($"{i + 1}/{plan.Count} BINs…");
        }
        foreach (var (zone, last) in counters) db.RegistrationCounters.Add(new RegistrationCounter { ZoneNumber = zone, LastValue = last });
        AuditLog.Add(db, TimeProvider.System, Actor.System("seed national"), "Seed", "Registry", null, $"{plan.Count} synthetic BINs for {year}");
        db.ChangeTracker.DetectChanges();
        progress?.Report("Writing…");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        return new Result(rows.Count, officers.Count + rows.Count, households.Sum());
    }

    /// <summary>Largest-remainder apportionment of <paramref name="count"/> BINs over municipalities by population.</summary>
    private static List<Place> Spread(List<Place> places, int count)
    {
        var total = places.Sum(p => (double)p.Municipality.Population);
        var quotas = places.Select(p => (Place: p, Quota: count * p.Municipality.Population / total)).ToList();
        var seats = quotas.ToDictionary(q => q.Place, q => (int)Math.Floor(q.Quota));
        foreach (var q in quotas.OrderByDescending(q => q.Quota - Math.Floor(q.Quota)).ThenBy(q => q.Place.Municipality.Nis).Take(count - seats.Values.Sum()))
            seats[q.Place]++;
        return seats.Where(s => s.Value > 0).OrderBy(s => s.Key.Municipality.Nis).SelectMany(s => Enumerable.Repeat(s.Key, s.Value)).ToList();
    }

    /// <summary>Residents' BINs are larger than BIN-Z; the national total comes out at exactly <see cref="Households"/>.</summary>
    private static int[] HouseholdsFor(List<BinType> types, Random random)
    {
        var raw = types.Select(t => t == BinType.Bin ? 40 + random.Next(180) : 8 + random.Next(30)).ToArray();
        var factor = (double)Households / raw.Sum();
        var scaled = raw.Select(h => Math.Max(1, (int)Math.Round(h * factor))).ToArray();
        for (int diff = Households - scaled.Sum(), i = 0; diff != 0; i = (i + 1) % scaled.Length)
        {
            if (diff > 0) { scaled[i]++; diff--; }
            else if (scaled[i] > 1) { scaled[i]--; diff++; }
        }
        return scaled;
    }

    private static AppUser NewUser(string email, string name, DateTimeOffset created) => new()
    {
        Id = Guid.NewGuid().ToString(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
        EmailConfirmed = true, DisplayName = name, SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
        LockoutEnabled = true, CreatedAt = created,
    };
}
