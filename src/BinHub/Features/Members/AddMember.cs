using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Phones;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Members;

/// <summary>
/// A coordinator enters a member who signed the paper form: consent on paper, with its date, is recorded.
/// The member is active at once (the coordinator collected the form). Same phone or address already in the
/// BIN is a warning for the coordinator, not a refusal: two households can share a landline.
/// </summary>
public static class AddMember
{
    public sealed record Request(string Name, string? CompanyName, string Street, string HouseNumber, List<string>? Phones, string? Email,
        string Language, DateOnly? ConsentSignedOn);

    public sealed record Result(int Id, IReadOnlyList<string> Warnings);

    public const string PrivacyNoticeVersion = "2024-1";

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, Request r, IStringLocalizer L, CancellationToken ct)
    {
        var bin = await db.Bins.FirstOrDefaultAsync(b => b.Id == binId, ct);
        if (bin is null || !ListMembers.MayManage(actor, binId))
            return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "AddMember", nameof(Bin), binId.ToString(), ct);

        var (e, member) = MemberRules.Check(r, bin, L, clock.GetUtcNow());
        if (e.Any) return new Outcome<Result>.Invalid(e.Items);
        var numbers = member!.Phones.Select(p => p.Number).ToList();
        var knownStreet = member.Street;
        var house = member.HouseNumber;
        var warnings = new List<string>();
        if (await db.MemberPhones.AnyAsync(p => numbers.Contains(p.Number) && p.Member!.BinId == binId && p.Member.State != MemberState.Left, ct))
            warnings.Add(L["Member.DuplicatePhone"]);
        if (await db.Members.AnyAsync(m => m.BinId == binId && m.State != MemberState.Left && m.Street == knownStreet && m.HouseNumber == house, ct))
            warnings.Add(L["Member.DuplicateAddress"]);

        db.Members.Add(member);
        MemberHistory.Add(db, member, "Joined", member.CreatedAt, actor.UserName, "paper-form");
        PaperConfirmation.Ask(db, L, member, bin.Name, member.CreatedAt);
        await AuditLog.SaveNewAsync(db, clock, actor, "Create", nameof(Member), () => member.Id.ToString(), $"bin={binId}; paper consent {r.ConsentSignedOn:yyyy-MM-dd}", ct,
            once: () => PaperConfirmation.CallLandlines(db, L, member, member.CreatedAt));
        return new Outcome<Result>.Ok(new Result(member.Id, warnings));
    }
}
