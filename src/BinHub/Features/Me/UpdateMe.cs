using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Me;

/// <summary>
/// A member corrects their own household data. The street must be one of the BIN's streets (same rules as the paper
/// form). A new e-mail address is unverified until the member confirms it: e-mail stops being a channel until then.
/// </summary>
public static class UpdateMe
{
    public sealed record Request(string Name, string? CompanyName, string Street, string HouseNumber, string? Email, string Language);

    /// <param name="publicUrl">Base of the confirmation link e-mailed to a changed address.</param>
    public static async Task<Outcome<GetMe.Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, Request r, IStringLocalizer L,
        string publicUrl, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<GetMe.Result>(db, clock, actor, "UpdateMe", ct);
        if (m is null) return refusal!;
        var bin = await db.Bins.FirstAsync(b => b.Id == m.BinId, ct);
        var e = new Errors();
        var h = MemberRules.CheckHousehold(e, r.Name, r.CompanyName, r.Street, r.HouseNumber, r.Email, r.Language, bin, L);
        if (h.Email is null && m.Phones.Count == 0) e.Add("Email", L["Validation.PhoneOrEmail"]);
        if (e.Any) return new Outcome<GetMe.Result>.Invalid(e.Items);

        var changed = new List<string>();
        if (m.Name != h.Name) changed.Add("name");
        if (m.CompanyName != h.CompanyName) changed.Add("company");
        if (m.Street != h.Street || m.HouseNumber != h.HouseNumber) changed.Add("address");
        var emailChanged = !string.Equals(m.Email, h.Email, StringComparison.OrdinalIgnoreCase);
        if (emailChanged) changed.Add("e-mail");
        if (m.Language != r.Language) changed.Add("language");
        if (changed.Count == 0) return new Outcome<GetMe.Result>.Ok(GetMe.Map(m, bin));

        var now = clock.GetUtcNow();
        (m.Name, m.CompanyName, m.Street, m.HouseNumber, m.Language) = (h.Name, h.CompanyName, h.Street, h.HouseNumber, r.Language);
        if (emailChanged)
        {
            m.Email = h.Email;
            m.EmailVerifiedAt = null;
        }
        m.UpdatedAt = now;
        // Which fields changed, never their values: the history outlives an erasure.
        var details = $"changed by the member: {string.Join(", ", changed)}";
        MemberHistory.Add(db, m.Id, emailChanged ? "EmailChanged" : "DataChanged", now, null, details);
        AuditLog.Add(db, clock, MeScope.Pseudonymous(actor, m), "Update", nameof(Member), m.Id.ToString(), details);
        // A new address gets its confirmation link in the same transaction as the change.
        if (emailChanged && h.Email is not null) Verification.SendSecrets.EmailLink(db, L, m, h.Email, CodePurpose.VerifyEmail, publicUrl, now);
        await db.SaveChangesAsync(ct);
        return new Outcome<GetMe.Result>.Ok(GetMe.Map(m, bin));
    }
}
