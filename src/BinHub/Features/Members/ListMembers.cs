using System.ComponentModel;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Phones;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Members;

/// <summary>
/// A BIN's members with their addresses and phones, for the BIN's coordinators and the police of its zone only.
/// Numbers are masked as the members page shows them (+32••••••56): full numbers only come from the audited
/// <see cref="RevealPhone"/>, one member at a time, so the API cannot sidestep it (the CSV export, an audited bulk
/// download, keeps them). Everyone else, the municipality and the Kenniscentrum included, gets "not found". Every read is audited.
/// Erased members (<see cref="Member.ErasedAt"/> set) are left out altogether: their row only stays for police
/// records, and nothing of it is personal data any more that a coordinator would need; their history stays readable.
/// </summary>
public static class ListMembers
{
    public sealed record Query(
        MemberState? State,
        [property: Description("nl, fr, de or en.")] string? Language,
        [property: Description("Text searched in name and street.")] string? Q,
        int? Page,
        [property: Description("1 to 200 (default 50).")] int? PageSize,
        [property: Description("Sms (a verified mobile without STOP), Voice (a verified phone), Email (a confirmed address; one only written on a paper form does not count until confirmed), Web (has an account); several, comma-separated: reachable by any of them.")]
        Channels? Channel = null,
        [property: Description("true: every phone verified; false: at least one phone not verified.")] bool? Verified = null);

    /// <param name="VerificationState">verified, unverified-sms (a mobile awaiting its SMS code) or unverified-voice (a landline awaiting its call).</param>
    public sealed record Phone(
        [property: Description("Masked as the members page shows it (+32••••••56); the full number only through reveal-phone, which is audited.")] string Number,
        bool IsMobile, bool Verified, bool SmsOptedOut, string VerificationState);

    /// <param name="Paused">On holiday pause today (Brussels date).</param>
    /// <param name="Warnings">Pending members only: duplicate-phone, duplicate-address (another member of the BIN who has not left).</param>
    public sealed record Item(int Id, string Name, string? CompanyName, string Street, string HouseNumber, string? Email, string Language,
        MemberState State, bool ConsentOnPaper, DateTimeOffset ConsentAt, IReadOnlyList<Phone> Phones,
        Channels UrgentChannels, bool EmailVerified, bool HasAccount, bool Paused,
        DateOnly? PausedFrom, DateOnly? PausedUntil, DateTimeOffset CreatedAt, IReadOnlyList<string>? Warnings);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize);

    public const string DuplicatePhone = "duplicate-phone", DuplicateAddress = "duplicate-address";

    public static bool MaySee(Actor actor, Bin bin) =>
        (actor.IsCoordinator && actor.CoordinatedBinIds.Contains(bin.Id)) || (actor.IsOfficer && actor.ZoneNumber == bin.PoliceZoneNumber);

    /// <summary>Who keeps a BIN's member list (adds, imports, approves and refuses members): its own coordinators, not the police.</summary>
    public static bool MayManage(Actor actor, int binId) => actor.IsCoordinator && actor.CoordinatedBinIds.Contains(binId);

    /// <summary>Whether the BIN has members waiting for approval, by the list's own filter (erased members left out).</summary>
    public static Task<bool> HasPendingAsync(BinHubDb db, int binId, CancellationToken ct) =>
        Filtered(db, binId, new Query(MemberState.Pending, null, null, null, null)).AnyAsync(ct);

    public static async Task<Outcome<Page>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, Query q, CancellationToken ct)
    {
        var bin = await db.Bins.FirstOrDefaultAsync(b => b.Id == binId, ct);
        if (bin is null || !MaySee(actor, bin))
            return await AuditLog.NotFoundAsync<Page>(db, clock, actor, "ListMembers", nameof(Bin), binId.ToString(), ct);
        var rows = Filtered(db, binId, q);
        var size = Math.Clamp(q.PageSize ?? 50, 1, 200);
        var page = Math.Max(1, q.Page ?? 1);
        var total = await rows.CountAsync(ct);
        var members = await Ordered(rows).Skip((page - 1) * size).Take(size).Include(m => m.Phones).AsSplitQuery().ToListAsync(ct);
        var warnings = await DuplicatesAsync(db, binId, members.Where(m => m.State == MemberState.Pending).ToList(), ct);
        AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(Member), null, $"bin={binId}; {members.Count} members, page {page}");
        await db.SaveChangesAsync(ct);
        var today = MemberReach.Today(clock);
        return new Outcome<Page>.Ok(new Page(members.Select(m => ToItem(m, today, warnings.GetValueOrDefault(m.Id))).ToList(), total, page, size));
    }

    /// <summary>The members matching the query (the list and the CSV export share it), erased members left out.</summary>
    internal static IQueryable<Member> Filtered(BinHubDb db, int binId, Query q)
    {
        var rows = db.Members.Where(m => m.BinId == binId && m.ErasedAt == null);
        if (q.State is { } state) rows = rows.Where(m => m.State == state);
        if (!string.IsNullOrWhiteSpace(q.Language)) rows = rows.Where(m => m.Language == q.Language);
        if (!string.IsNullOrWhiteSpace(q.Q))
        {
            var text = q.Q.Trim().ToLower();
            rows = rows.Where(m => m.Name.ToLower().Contains(text) || m.Street.ToLower().Contains(text));
        }
        if (q.Channel is { } channel and not Channels.None) rows = rows.Where(MemberReach.ByAny(channel));
        if (q.Verified is { } verified) rows = rows.Where(verified ? MemberReach.AllPhonesVerified : MemberReach.SomePhoneUnverified);
        return rows;
    }

    internal static IQueryable<Member> Ordered(IQueryable<Member> rows) => rows.OrderBy(m => m.Street).ThenBy(m => m.HouseNumber).ThenBy(m => m.Id);

    internal static Item ToItem(Member m, DateOnly today, IReadOnlyList<string>? warnings = null) =>
        new(m.Id, m.Name, m.CompanyName, m.Street, m.HouseNumber, m.Email, m.Language, m.State, m.ConsentOnPaper, m.ConsentAt,
            m.Phones.OrderBy(p => p.Id).Select(p => new Phone(PhoneNumber.Mask(p.Number), p.IsMobile, p.Verified, p.SmsOptOutAt != null, p.VerificationState)).ToList(),
            m.UrgentChannels, m.EmailVerifiedAt != null, m.UserId != null, m.IsPausedOn(today), m.PausedFrom, m.PausedUntil, m.CreatedAt, warnings ?? []);

    /// <summary>
    /// For members waiting for approval: does another member of the BIN who has not left share a phone number or
    /// the street and house number? A warning for the coordinator (the same household signing up twice), not a refusal.
    /// </summary>
    internal static async Task<Dictionary<int, IReadOnlyList<string>>> DuplicatesAsync(BinHubDb db, int binId, List<Member> pending, CancellationToken ct)
    {
        var result = new Dictionary<int, IReadOnlyList<string>>();
        if (pending.Count == 0) return result;
        var numbers = pending.SelectMany(m => m.Phones.Select(p => p.Number)).Distinct().ToList();
        var streets = pending.Select(m => m.Street).Distinct().ToList();
        var phoneOwners = await db.MemberPhones
            .Where(p => numbers.Contains(p.Number) && p.Member!.BinId == binId && p.Member.State != MemberState.Left && p.Member.ErasedAt == null)
            .Select(p => new { p.Number, p.MemberId }).ToListAsync(ct);
        var addresses = await db.Members
            .Where(m => m.BinId == binId && m.State != MemberState.Left && m.ErasedAt == null && streets.Contains(m.Street))
            .Select(m => new { m.Id, m.Street, m.HouseNumber }).ToListAsync(ct);
        foreach (var m in pending)
        {
            var w = new List<string>();
            var mine = m.Phones.Select(p => p.Number).ToHashSet();
            if (phoneOwners.Any(o => o.MemberId != m.Id && mine.Contains(o.Number))) w.Add(DuplicatePhone);
            if (addresses.Any(a => a.Id != m.Id && string.Equals(a.Street, m.Street, StringComparison.OrdinalIgnoreCase)
                                   && string.Equals(a.HouseNumber, m.HouseNumber, StringComparison.OrdinalIgnoreCase))) w.Add(DuplicateAddress);
            if (w.Count > 0) result[m.Id] = w;
        }
        return result;
    }

    /// <summary>The localised text of a warning code, for the pages.</summary>
    public static string WarningText(IStringLocalizer L, string code) =>
        code == DuplicatePhone ? L["Member.DuplicatePhone"] : code == DuplicateAddress ? L["Member.DuplicateAddress"] : code;
}
