using System.Net.Mail;
using System.Text.RegularExpressions;
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
public static partial class AddMember
{
    public sealed record Request(string Name, string? CompanyName, string Street, string HouseNumber, List<string>? Phones, string? Email,
        string Language, DateOnly? ConsentSignedOn);

    public sealed record Result(int Id, IReadOnlyList<string> Warnings);

    public const string PrivacyNoticeVersion = "2024-1";

    [GeneratedRegex(@"^[0-9]{1,5}[A-Za-z]{0,2}([ /-]?[0-9A-Za-z]{1,4})?$")]
    private static partial Regex HouseNumberShape();

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, Request r, IStringLocalizer L, CancellationToken ct)
    {
        var bin = await db.Bins.FirstOrDefaultAsync(b => b.Id == binId, ct);
        if (bin is null || !(actor.IsCoordinator && actor.CoordinatedBinIds.Contains(binId)))
            return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "AddMember", nameof(Bin), binId.ToString(), ct);

        var e = new Errors();
        var name = r.Name?.Trim() ?? "";
        if (name.Length == 0) e.Add("Name", L["Validation.Required", L["Member.Name"]]);
        else if (name.Length > 200 || name.Any(char.IsControl) || name.Contains('<') || name.Contains('>')) e.Add("Name", L["Validation.Invalid", L["Member.Name"]]);
        if (bin.Type == BinType.BinZ && string.IsNullOrWhiteSpace(r.CompanyName)) e.Add("CompanyName", L["Validation.Required", L["Member.CompanyName"]]);
        if (r.CompanyName is { Length: > 200 }) e.Add("CompanyName", L["Validation.MaxLength", L["Member.CompanyName"], 200]);
        var street = r.Street?.Trim() ?? "";
        var streets = Bins.BinValidation.Streets(bin.AreaStreets);
        var knownStreet = streets.FirstOrDefault(s => string.Equals(s, street, StringComparison.OrdinalIgnoreCase));
        if (street.Length == 0) e.Add("Street", L["Validation.Required", L["Member.Street"]]);
        else if (streets.Count > 0 && knownStreet is null) e.Add("Street", L["Validation.StreetOutsideArea"]);
        else if (street.Length > 120 || street.Contains('<') || street.Contains('>')) e.Add("Street", L["Validation.Invalid", L["Member.Street"]]);
        var house = r.HouseNumber?.Trim() ?? "";
        if (!HouseNumberShape().IsMatch(house)) e.Add("HouseNumber", L["Validation.Invalid", L["Member.HouseNumber"]]);
        var phones = new List<PhoneNumber>();
        foreach (var raw in r.Phones ?? [])
        {
            if (PhoneNumber.TryParse(raw, out var p, out _)) phones.Add(p!);
            else e.Add("Phones", L["Validation.PhoneNumber", raw.Length > 40 ? raw[..40] : raw]);
        }
        if (phones.Count > 5) e.Add("Phones", L["Validation.Invalid", L["Member.Phones"]]);
        var email = string.IsNullOrWhiteSpace(r.Email) ? null : r.Email.Trim();
        if (email is not null && (email.Length > 254 || !MailAddress.TryCreate(email, out _))) e.Add("Email", L["Validation.Email"]);
        if (phones.Count == 0 && email is null) e.Add("Phones", L["Validation.PhoneOrEmail"]);
        if (!Languages.IsValid(r.Language)) e.Add("Language", L["Validation.Invalid", L["Bin.Language"]]);
        var today = DateOnly.FromDateTime(BrusselsTime.ToBrussels(clock.GetUtcNow()).DateTime);
        if (r.ConsentSignedOn is not { } signed || signed > today || signed < today.AddYears(-10))
            e.Add("ConsentSignedOn", L["Validation.ConsentDate"]);
        if (e.Any) return new Outcome<Result>.Invalid(e.Items);

        var numbers = phones.Select(p => p.E164).Distinct().ToList();
        var warnings = new List<string>();
        if (await db.MemberPhones.AnyAsync(p => numbers.Contains(p.Number) && p.Member!.BinId == binId && p.Member.State != MemberState.Left, ct))
            warnings.Add(L["Member.DuplicatePhone"]);
        if (await db.Members.AnyAsync(m => m.BinId == binId && m.State != MemberState.Left && m.Street == knownStreet && m.HouseNumber == house, ct))
            warnings.Add(L["Member.DuplicateAddress"]);

        var now = clock.GetUtcNow();
        var member = new Member
        {
            BinId = binId, Name = name, CompanyName = string.IsNullOrWhiteSpace(r.CompanyName) ? null : r.CompanyName.Trim(), Street = knownStreet ?? street,
            HouseNumber = house, Email = email, Language = r.Language, State = MemberState.Active, ConsentVersion = PrivacyNoticeVersion,
            ConsentAt = BrusselsTime.StartOfDay(r.ConsentSignedOn!.Value), ConsentOnPaper = true, CreatedAt = now, UpdatedAt = now,
            Phones = phones.DistinctBy(p => p.E164).Select(p => new MemberPhone { Number = p.E164, IsMobile = p.Kind == PhoneKind.Mobile }).ToList(),
        };
        db.Members.Add(member);
        await AuditLog.SaveNewAsync(db, clock, actor, "Create", nameof(Member), () => member.Id.ToString(), $"bin={binId}; paper consent {r.ConsentSignedOn:yyyy-MM-dd}", ct);
        return new Outcome<Result>.Ok(new Result(member.Id, warnings));
    }
}
