using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Charters;
using BinHub.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Seeding;

/// <summary>
/// A small, lively demo: BINs in two zones (Gent 5415 and Antwerpen 5345) in every lifecycle state, one
/// account per role, and the Kenniscentrum's work (<see cref="DemoWork"/>). Passwords are random and returned to the caller
/// to print once; the accounts of roles that require two factors enrol their authenticator at first sign-in.
/// </summary>
public static class SeedDemo
{
    public sealed record Account(string Role, string Email, string Password, string Scope);

    /// <summary>The accounts, and the code of the demo's training certificate (for /Certificates/Verify).</summary>
    public sealed record Result(IReadOnlyList<Account> Accounts, string CertificateCode);

    public const int GentZone = 5415, AntwerpenZone = 5345;
    public const string Gent = "44021", Antwerpen = "11002";

    public static async Task<Result> RunAsync(BinHubDb db, UserManager<AppUser> users, TimeProvider clock, IStringLocalizer L, string publicUrl,
        CancellationToken ct)
    {
        if (await db.Users.AnyAsync(ct)) throw new InvalidOperationException("The database already has users; the demo is only loaded into an empty one.");
        if (!await db.Municipalities.AnyAsync(m => m.Nis == Gent, ct) || !await db.Municipalities.AnyAsync(m => m.Nis == Antwerpen, ct))
            throw new InvalidOperationException("Import the geography first (import geo <dir>).");
        await AddUser.EnsureRolesAsync(db, ct);
        // Antwerpen absorbed Borsbeek (another zone) in 2025; the demo's Kenniscentrum records the decision, on the audit log like any other.
        if (await db.Municipalities.AnyAsync(m => m.Nis == Antwerpen && m.PoliceZoneNumber == null, ct))
            await Geography.DecideZone.HandleAsync(db, clock, Infrastructure.Actor.System("demo"), Antwerpen, AntwerpenZone, ct);
        var now = clock.GetUtcNow();
        var accounts = new List<Account>();

        async Task<AppUser> Person(string role, string email, string name, string lang, int? zone = null, string? nis = null, string? scope = null)
        {
            var password = AddUser.RandomPassword();
            var user = new AppUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, Language = lang,
                PoliceZoneNumber = zone, MunicipalityNis = nis, CreatedAt = now, LockoutEnabled = true,
            };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
            accounts.Add(new Account(role, email, password, scope ?? zone?.ToString() ?? nis ?? ""));
            return user;
        }

        var kenniscentrum = await Person(Roles.KenniscentrumAdmin, "kenniscentrum@demo.binhub.be", "An Peeters (Kenniscentrum)", "nl");
        var officerGent = await Person(Roles.PoliceOfficer, "inspecteur.gent@demo.binhub.be", "Insp. Karim El Amrani", "nl", zone: GentZone);
        var officerAntwerpen = await Person(Roles.PoliceOfficer, "inspecteur.antwerpen@demo.binhub.be", "Insp. Els Janssens", "nl", zone: AntwerpenZone);
        var municipality = await Person(Roles.MunicipalityOfficial, "preventie@demo.gent.be", "Sofie De Smet (Stad Gent)", "nl", nis: Gent);
        var coordinator = await Person(Roles.Coordinator, "coordinator@demo.binhub.be", "Marc Verhoeven", "nl", scope: "BIN Gent-Brugse Poort");
        var coordinatorAntwerpen = await Person(Roles.Coordinator, "coordinator.antwerpen@demo.binhub.be", "Fatima Bouzid", "nl", scope: "BIN Antwerpen Zurenborg");
        var memberAccount = await Person(Roles.Member, "lid@demo.binhub.be", "Jozef Claes", "nl");
        await Person(Roles.Admin, "admin@demo.binhub.be", "Systeembeheer", "en");
        await Training.TrainingDemo.SeedAsync(db, clock, ct); // the police schools; one of them signs in
        var academy = await Person(Roles.PoliceAcademy, "academie@demo.binhub.be", "Griet Vermeulen (Oost-Vlaamse Politieschool)", "nl", scope: "Oost-Vlaamse Politieschool");
        academy.AcademyId = await db.Academies.Where(a => a.Name == "Oost-Vlaamse Politieschool").Select(a => a.Id).SingleAsync(ct);
        await users.UpdateAsync(academy);

        Bin NewBin(string name, BinType type, string nis, int zone, string streets, int households, AppUser? coord, AppUser officer) => new()
        {
            Name = name, Type = type, MunicipalityNis = nis, PoliceZoneNumber = zone, AreaStreets = streets, EnteredHouseholds = households,
            Language = "nl", MandatedOfficerId = officer.Id, CreatedAt = now.AddYears(-2), UpdatedAt = now,
            ContactEmail = $"{name.ToLowerInvariant().Replace(' ', '.')}@example.invalid",
            Coordinators = coord is null ? [] : [new BinCoordinator { UserId = coord.Id, IsPrimary = true }],
        };
        var bins = new[]
        {
            (NewBin("BIN Gent-Brugse Poort", BinType.Bin, Gent, GentZone, "Bevrijdingslaan\nPhoenixstraat\nWondelgemstraat", 240, coordinator, officerGent), BinStatus.Active),
            (NewBin("BIN-Z Gent Korenmarkt", BinType.BinZ, Gent, GentZone, "Korenmarkt\nVeldstraat", 35, null, officerGent), BinStatus.AwaitingSignatures),
            (NewBin("BIN Sint-Amandsberg Oost", BinType.Bin, Gent, GentZone, "Antwerpsesteenweg\nDampoortstraat", 0, null, officerGent), BinStatus.Draft),
            (NewBin("BIN Antwerpen Zurenborg", BinType.Bin, Antwerpen, AntwerpenZone, "Cogels-Osylei\nDolfijnstraat", 310, coordinatorAntwerpen, officerAntwerpen), BinStatus.Active),
            (NewBin("BIN-Z Antwerpen Meir", BinType.BinZ, Antwerpen, AntwerpenZone, "Meir\nLeysstraat", 60, null, officerAntwerpen), BinStatus.Suspended),
        };
        foreach (var (bin, status) in bins)
        {
            var at = now.AddYears(-2);
            bin.StatusChanges.Add(new BinStatusChange { To = BinStatus.Draft, Reason = "created", ByName = "demo", At = at });
            if (status != BinStatus.Draft)
            {
                bin.StatusChanges.Add(new BinStatusChange { From = BinStatus.Draft, To = BinStatus.AwaitingSignatures, Reason = "", ByName = "demo", At = at.AddDays(7) });
                bin.Charters.Add(new Charter { Version = 1, CreatedAt = at.AddDays(7) });
            }
            if (status is BinStatus.Active or BinStatus.Suspended)
            {
                var charter = bin.Charters[0];
                charter.FullyApprovedAt = at.AddDays(30);
                charter.ValidUntil = charter.FullyApprovedAt.Value.AddMonths(36);
                foreach (var party in Enum.GetValues<CharterParty>())
                    charter.Approvals.Add(new CharterApproval { Party = party, UserId = officerGent.Id, UserName = "demo", At = at.AddDays(30) });
                bin.StatusChanges.Add(new BinStatusChange { From = BinStatus.AwaitingSignatures, To = BinStatus.Active, Reason = "charter approved", ByName = "demo", At = at.AddDays(30) });
                bin.StartDate = DateOnly.FromDateTime(at.AddDays(30).UtcDateTime);
            }
            if (status == BinStatus.Suspended)
                bin.StatusChanges.Add(new BinStatusChange { From = BinStatus.Active, To = BinStatus.Suspended, Reason = "coordinator moved away", ByName = "demo", At = now.AddDays(-10) });
            bin.Status = status;
            db.Bins.Add(bin);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        foreach (var (bin, _) in bins.Where(b => b.Item2 is BinStatus.Active or BinStatus.Suspended))
            bin.RegistrationNumber = await RegistrationNumbers.NextAsync(db, bin.PoliceZoneNumber, ct);
        await db.SaveChangesAsync(ct);
        AddDemoMembers(db, bins[0].Item1, memberAccount, now);
        bins[0].Item1.Postcodes = "9000";
        bins[1].Item1.Postcodes = "9000";
        bins[2].Item1.Postcodes = "9040";
        bins[3].Item1.Postcodes = "2018 2600";
        bins[4].Item1.Postcodes = "2000";
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        // After the registry is committed: the slices below open transactions of their own.
        var work = await DemoWork.RunAsync(db, clock, L, publicUrl, new DemoWork.Cast(kenniscentrum, officerGent, municipality, coordinator, coordinatorAntwerpen,
            academy, bins[0].Item1, bins[3].Item1), ct);
        return new Result(accounts, work.CertificateCode);
    }

    /// <summary>
    /// A few households so the member pages, counts and approvals show something: the demo member (signs in with a link
    /// at /Account/MemberSignIn, shown in the dev outbox), two paper members (one with a landline only) and one online
    /// sign-up waiting for the coordinator. Numbers are in the 0470 00 00 0x test range.
    /// </summary>
    private static void AddDemoMembers(BinHubDb db, Bin bin, AppUser account, DateTimeOffset now)
    {
        Member Household(string name, string street, string house, string? email, MemberState state, bool paper, params (string Number, bool Mobile, bool Verified)[] phones) => new()
        {
            BinId = bin.Id, Name = name, Street = street, HouseNumber = house, Email = email, EmailVerifiedAt = email is null || paper ? null : now.AddDays(-30),
            Language = "nl", State = state, ConsentVersion = Members.AddMember.PrivacyNoticeVersion, ConsentAt = now.AddDays(-30), ConsentOnPaper = paper,
            CreatedAt = now.AddDays(-30), UpdatedAt = now.AddDays(-30), DecidedAt = state == MemberState.Active ? now.AddDays(-29) : null,
            DecidedBy = state == MemberState.Active ? "Marc Verhoeven" : null,
            Phones = phones.Select(p => new MemberPhone { Number = p.Number, IsMobile = p.Mobile, Verified = p.Verified, VerifiedAt = p.Verified ? now.AddDays(-30) : null }).ToList(),
        };
        var jozef = Household("Jozef Claes", "Phoenixstraat", "12", "lid@demo.binhub.be", MemberState.Active, false, ("+32470000001", true, true));
        jozef.UserId = account.Id;
        db.Members.AddRange(
            jozef,
            Household("Maria Vermeulen", "Bevrijdingslaan", "4", null, MemberState.Active, true, ("+3292000002", false, false)),
            Household("Ahmed Benali", "Wondelgemstraat", "88", "ahmed@example.invalid", MemberState.Active, true, ("+32470000003", true, false)),
            Household("Lotte De Wilde", "Phoenixstraat", "31", "lotte@example.invalid", MemberState.Pending, false, ("+32470000004", true, true)));
    }
}
