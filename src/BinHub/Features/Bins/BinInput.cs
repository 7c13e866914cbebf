using System.ComponentModel;
using System.Net.Mail;
using System.Text.RegularExpressions;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Bins;

/// <summary>The editable details of a BIN, as sent by the API and the create/edit pages.</summary>
public sealed record BinInput
{
    public string Name { get; init; } = "";
    public BinType Type { get; init; }
    [Description("Current NIS code of the municipality, e.g. 44021 (Gent).")]
    public string MunicipalityNis { get; init; } = "";
    [Description("Streets of the area, one per line.")]
    public string? AreaStreets { get; init; }
    [Description("Optional GeoJSON Polygon or MultiPolygon of the area (WGS84).")]
    public string? AreaGeoJson { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactPhone { get; init; }
    [Description("nl, fr or de.")]
    public string Language { get; init; } = "nl";
    public Channels UrgentChannels { get; init; } = Channels.Sms | Channels.Email | Channels.Web;
    public Channels NonUrgentChannels { get; init; } = Channels.Email | Channels.Web;
    public bool CoordinatorsMaySendPrevention { get; init; } = true;
    public bool PreventionNeedsOfficerApproval { get; init; }
    public TimeOnly? QuietFrom { get; init; }
    public TimeOnly? QuietUntil { get; init; }
    [Description("Households, entered by hand until members are registered on the platform.")]
    public int? EnteredHouseholds { get; init; }
    public DateOnly? StartDate { get; init; }
    [Description("User id of the mandated police officer (a PoliceOfficer of the BIN's zone).")]
    public string? MandatedOfficerId { get; init; }
    [Description("User ids of the coordinators; the first is the primary coordinator.")]
    public List<string>? CoordinatorIds { get; init; }
    [Description("Members who sign up online are active at once, without a coordinator's approval.")]
    public bool AutoApproveMembers { get; init; }
    [Description("Postcodes of the area, space-separated Belgian 4-digit postcodes (1000-9999), e.g. \"9000 9030\"; at most 200 characters.")]
    public string? Postcodes { get; init; }
}

internal static partial class BinValidation
{
    private const int MaxStreets = 1000;
    public const int MaxPostcodes = 200;

    [GeneratedRegex(@"^\+?[0-9 ./()-]{6,20}$")]
    private static partial Regex PhoneShape();

    /// <summary>Checks what can be checked without the database. Messages are in the caller's language.</summary>
    public static Errors Check(BinInput i, IStringLocalizer L)
    {
        var e = new Errors();
        var name = i.Name?.Trim() ?? "";
        if (name.Length == 0) e.Add(nameof(i.Name), L["Validation.Required", L["Bin.Name"]]);
        else if (name.Length > 200) e.Add(nameof(i.Name), L["Validation.MaxLength", L["Bin.Name"], 200]);
        else if (name.Any(char.IsControl)) e.Add(nameof(i.Name), L["Validation.NoControlChars", L["Bin.Name"]]);
        else if (HasMarkup(name)) e.Add(nameof(i.Name), L["Validation.NoMarkup", L["Bin.Name"]]);
        if (!Enum.IsDefined(i.Type)) e.Add(nameof(i.Type), L["Validation.Invalid", L["Bin.Type"]]);
        if (string.IsNullOrWhiteSpace(i.MunicipalityNis)) e.Add(nameof(i.MunicipalityNis), L["Validation.Required", L["Bin.Municipality"]]);
        else if (i.MunicipalityNis.Length != 5 || !i.MunicipalityNis.All(char.IsAsciiDigit))
            e.Add(nameof(i.MunicipalityNis), L["Validation.Invalid", L["Bin.Municipality"]]);
        if (i.Language is not ("nl" or "fr" or "de")) e.Add(nameof(i.Language), L["Validation.Invalid", L["Bin.Language"]]);
        const Channels all = Channels.Sms | Channels.Voice | Channels.Email | Channels.Web;
        if (i.UrgentChannels == Channels.None || (i.UrgentChannels & ~all) != 0)
            e.Add(nameof(i.UrgentChannels), L["Validation.ChannelsRequired"]);
        if ((i.NonUrgentChannels & ~all) != 0) e.Add(nameof(i.NonUrgentChannels), L["Validation.Invalid", L["Bin.NonUrgentChannels"]]);
        if (!string.IsNullOrWhiteSpace(i.ContactEmail) && (i.ContactEmail.Length > 254 || !MailAddress.TryCreate(i.ContactEmail, out _)))
            e.Add(nameof(i.ContactEmail), L["Validation.Email"]);
        if (!string.IsNullOrWhiteSpace(i.ContactPhone) && !PhoneShape().IsMatch(i.ContactPhone))
            e.Add(nameof(i.ContactPhone), L["Validation.Phone"]);
        if (i.EnteredHouseholds is < 0 or > 100_000) e.Add(nameof(i.EnteredHouseholds), L["Validation.Range", L["Bin.Households"], 0, 100000]);
        if (i.StartDate is { } d && (d.Year < 1990 || d.Year > 2100)) e.Add(nameof(i.StartDate), L["Validation.Invalid", L["Bin.StartDate"]]);
        var streets = Streets(i.AreaStreets);
        if (streets.Count > MaxStreets || streets.Any(s => s.Length > 120 || s.Any(char.IsControl) || HasMarkup(s)))
            e.Add(nameof(i.AreaStreets), L["Validation.Streets", MaxStreets]);
        if (!string.IsNullOrWhiteSpace(i.AreaGeoJson) && AreaShape.Problem(i.AreaGeoJson) is { } areaProblem)
            e.Add(nameof(i.AreaGeoJson), L[areaProblem]);
        if (PostcodeList(i.Postcodes) is not { } codes || codes.Any(c => c.Length != 4 || !c.All(char.IsAsciiDigit) || c[0] == '0'))
            e.Add(nameof(i.Postcodes), L["Coord.PostcodesInvalid"]);
        else if (string.Join(' ', codes).Length > MaxPostcodes) e.Add(nameof(i.Postcodes), L["Validation.MaxLength", L["Coord.Postcodes"], MaxPostcodes]);
        if (i.CoordinatorIds is { Count: > 10 }) e.Add(nameof(i.CoordinatorIds), L["Validation.Invalid", L["Bin.Coordinators"]]);
        return e;
    }

    /// <summary>Names never need angle brackets; refusing them keeps pasted markup out of every later channel (SMS, e-mail, CSV).</summary>
    private static bool HasMarkup(string s) => s.Contains('<') || s.Contains('>');

    /// <summary>Postcodes as typed, split on spaces (commas and new lines forgiven), without repeats; null for absurdly long input.</summary>
    public static List<string>? PostcodeList(string? text) =>
        text is { Length: > 2000 } ? null
            : (text ?? "").Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();

    public static List<string> Streets(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public static void Apply(Bin bin, BinInput i)
    {
        bin.Name = i.Name.Trim();
        bin.Type = i.Type;
        bin.AreaStreets = string.Join('\n', Streets(i.AreaStreets));
        bin.AreaGeoJson = string.IsNullOrWhiteSpace(i.AreaGeoJson) ? null : i.AreaGeoJson;
        bin.ContactEmail = Blank(i.ContactEmail);
        bin.ContactPhone = Blank(i.ContactPhone);
        bin.Language = i.Language;
        bin.UrgentChannels = i.UrgentChannels;
        bin.NonUrgentChannels = i.NonUrgentChannels;
        bin.CoordinatorsMaySendPrevention = i.CoordinatorsMaySendPrevention;
        bin.PreventionNeedsOfficerApproval = i.PreventionNeedsOfficerApproval;
        bin.QuietFrom = i.QuietFrom;
        bin.QuietUntil = i.QuietUntil;
        bin.EnteredHouseholds = i.EnteredHouseholds;
        bin.StartDate = i.StartDate;
        bin.AutoApproveMembers = i.AutoApproveMembers;
        bin.Postcodes = string.Join(' ', PostcodeList(i.Postcodes) ?? []);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
