using System.Net.Mail;
using System.Text.RegularExpressions;
using BinHub.Domain;
using BinHub.Features.Phones;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Members;

/// <summary>
/// The rules a member's data must meet, without touching the database: one place for the paper form, the CSV
/// import and (later) the online sign-up. Returns the errors in the caller's language, or the member to store.
/// </summary>
public static partial class MemberRules
{
    [GeneratedRegex(@"^[0-9]{1,5}[A-Za-z]{0,2}([ /-]?[0-9A-Za-z]{1,4})?$")]
    private static partial Regex HouseNumberShape();

    public static (Errors Errors, Member? Member) Check(AddMember.Request r, Bin bin, IStringLocalizer L, DateTimeOffset now)
    {
        var e = new Errors();
        var h = CheckHousehold(e, r.Name, r.CompanyName, r.Street, r.HouseNumber, r.Email, r.Language, bin, L);
        var phones = new List<PhoneNumber>();
        foreach (var raw in r.Phones ?? [])
        {
            if (PhoneNumber.ForHousehold(raw, L, out var error) is { } p) phones.Add(p);
            else e.Add("Phones", error!);
        }
        if (phones.Count > 5) e.Add("Phones", L["Validation.Invalid", L["Member.Phones"]]);
        if (phones.Count == 0 && h.Email is null) e.Add("Phones", L["Validation.PhoneOrEmail"]);
        var today = DateOnly.FromDateTime(BrusselsTime.ToBrussels(now).DateTime);
        if (r.ConsentSignedOn is not { } signed || signed > today || signed < today.AddYears(-10))
            e.Add("ConsentSignedOn", L["Validation.ConsentDate"]);

        if (e.Any) return (e, null);
        return (e, new Member
        {
            BinId = bin.Id, Name = h.Name, CompanyName = h.CompanyName, Street = h.Street, HouseNumber = h.HouseNumber, Email = h.Email, Language = r.Language, State = MemberState.Active, ConsentVersion = AddMember.PrivacyNoticeVersion,
            ConsentAt = BrusselsTime.StartOfDay(r.ConsentSignedOn!.Value), ConsentOnPaper = true, CreatedAt = now, UpdatedAt = now,
            Phones = phones.DistinctBy(p => p.E164).Select(p => new MemberPhone { Number = p.E164, IsMobile = p.Kind == PhoneKind.Mobile }).ToList(),
        });
    }

    /// <summary>A household's own data (no phones, no consent): shared by the paper form and the member's own space.</summary>
    public sealed record Household(string Name, string? CompanyName, string Street, string HouseNumber, string? Email);

    /// <summary>
    /// Checks name, company, street (one of the BIN's streets when it has a list), house number, e-mail and language;
    /// adds errors to <paramref name="e"/> and returns the trimmed values (the street spelled as in the BIN's list).
    /// </summary>
    public static Household CheckHousehold(Errors e, string? rawName, string? companyName, string? rawStreet, string? rawHouse, string? rawEmail,
        string? language, Bin bin, IStringLocalizer L)
    {
        var name = rawName?.Trim() ?? "";
        if (name.Length == 0) e.Add("Name", L["Validation.Required", L["Member.Name"]]);
        else if (name.Length > 200 || name.Any(char.IsControl) || name.Contains('<') || name.Contains('>')) e.Add("Name", L["Validation.Invalid", L["Member.Name"]]);
        if (bin.Type == BinType.BinZ && string.IsNullOrWhiteSpace(companyName)) e.Add("CompanyName", L["Validation.Required", L["Member.CompanyName"]]);
        if (companyName is { Length: > 200 }) e.Add("CompanyName", L["Validation.MaxLength", L["Member.CompanyName"], 200]);
        var street = rawStreet?.Trim() ?? "";
        var streets = Bins.BinValidation.Streets(bin.AreaStreets);
        var knownStreet = streets.FirstOrDefault(s => string.Equals(s, street, StringComparison.OrdinalIgnoreCase));
        if (street.Length == 0) e.Add("Street", L["Validation.Required", L["Member.Street"]]);
        else if (streets.Count > 0 && knownStreet is null) e.Add("Street", L["Validation.StreetOutsideArea"]);
        else if (street.Length > 120 || street.Contains('<') || street.Contains('>')) e.Add("Street", L["Validation.Invalid", L["Member.Street"]]);
        var house = rawHouse?.Trim() ?? "";
        if (!HouseNumberShape().IsMatch(house)) e.Add("HouseNumber", L["Validation.Invalid", L["Member.HouseNumber"]]);
        var email = string.IsNullOrWhiteSpace(rawEmail) ? null : rawEmail.Trim();
        if (email is not null && (email.Length > 254 || !MailAddress.TryCreate(email, out _))) e.Add("Email", L["Validation.Email"]);
        if (!Languages.IsValid(language)) e.Add("Language", L["Validation.Invalid", L["Bin.Language"]]);
        return new Household(name, string.IsNullOrWhiteSpace(companyName) ? null : companyName.Trim(), knownStreet ?? street, house, email);
    }
}
