using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Me;

/// <summary>The signed-in member's own household: their BIN, their data and their phones. The read is audited.</summary>
public static class GetMe
{
    public sealed record Phone(int Id, string Number, bool IsMobile, bool Verified, DateTimeOffset? VerifiedAt, bool SmsOptedOut, string VerificationState);

    public sealed record Result(string BinName, string? BinRegistrationNumber, BinType BinType, IReadOnlyList<string> BinStreets, string Name,
        string? CompanyName, string Street, string HouseNumber, string? Email, bool EmailVerified, string Language, MemberState State,
        string ConsentVersion, DateTimeOffset ConsentAt, bool ConsentOnPaper, IReadOnlyList<Phone> Phones);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<Result>(db, clock, actor, "GetMe", ct);
        if (m is null) return refusal!;
        var bin = await db.Bins.AsNoTracking().FirstAsync(b => b.Id == m.BinId, ct);
        AuditLog.Add(db, clock, MeScope.Pseudonymous(actor, m), "ReadPersonalData", nameof(Member), m.Id.ToString(), "own data");
        await db.SaveChangesAsync(ct);
        return new Outcome<Result>.Ok(Map(m, bin));
    }

    public static Result Map(Member m, Bin bin) => new(bin.Name, bin.RegistrationNumber, bin.Type, Bins.BinValidation.Streets(bin.AreaStreets),
        m.Name, m.CompanyName, m.Street, m.HouseNumber, m.Email, m.EmailVerifiedAt is not null, m.Language, m.State, m.ConsentVersion, m.ConsentAt,
        m.ConsentOnPaper, m.Phones.OrderBy(p => p.Id).Select(p => new Phone(p.Id, p.Number, p.IsMobile, p.Verified, p.VerifiedAt, p.SmsOptOutAt is not null,
            p.VerificationState)).ToList());
}
