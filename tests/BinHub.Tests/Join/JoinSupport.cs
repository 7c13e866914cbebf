using System.Text.RegularExpressions;

namespace BinHub.Tests.Join;

/// <summary>Sign-up as a browser does it, and reading what BinHub sent from the outbox.</summary>
public static partial class JoinSupport
{
    public static Dictionary<string, string> Form(string name = "Anna Peeters", string street = "Kerkstraat", string house = "12", string lang = "en",
        string? mobile = "0470 12 34 56", string? landline = null, string? email = null, string? company = null, string? enterprise = null)
    {
        var f = new Dictionary<string, string>
        {
            ["Form.Name"] = name, ["Form.Street"] = street, ["Form.HouseNumber"] = house, ["Form.Language"] = lang,
            ["Form.Mobile"] = mobile ?? "", ["Form.Landline"] = landline ?? "", ["Form.Email"] = email ?? "",
            ["Form.Sms"] = mobile is null ? "false" : "true", ["Form.EmailChannel"] = email is null ? "false" : "true", ["Form.Web"] = "true",
            ["Form.Voice"] = landline is null ? "false" : "true", ["Form.Consent"] = "true", ["Form.ConsentVersion"] = BinHub.Features.Members.AddMember.PrivacyNoticeVersion,
        };
        if (company is not null) f["Form.CompanyName"] = company;
        if (enterprise is not null) f["Form.EnterpriseNumber"] = enterprise;
        return f;
    }

    /// <summary>Posts the whole sign-up; returns the verification page's address (screen 3).</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, int binId, Dictionary<string, string> form) =>
        await Forms.PostAsync(client, $"/Join/{binId}", $"/Join/{binId}?handler=Submit", form);

    public static async Task<string> LastCodeToAsync(BinHubApp app, string e164)
    {
        await using var db = app.Db();
        var body = await db.Deliveries.Where(m => m.Recipient == e164 && m.Kind.StartsWith("Code")).OrderByDescending(m => m.Id).Select(m => m.Body!).FirstAsync();
        return Code().Match(body).Value;
    }

    public static string LinkIn(string text) => Link().Match(text).Value;

    [GeneratedRegex(@"\b\d{6}\b")]
    public static partial Regex Code();

    [GeneratedRegex(@"https?://[^\s]+/Account/Link\?t=[A-Za-z0-9_\-]+")]
    private static partial Regex Link();
}
