using System.Text.RegularExpressions;

namespace BinHub.Tests.Support;

/// <summary>Posts a Razor Pages form as a browser would: GET the page for its antiforgery token (and cookie), then POST.</summary>
public static partial class Forms
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string postUrl, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        fields["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value;
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(fields));
    }

    /// <summary>The antiforgery token of the form on <paramref name="pageUrl"/> (the client keeps the matching cookie).</summary>
    public static async Task<string> TokenAsync(HttpClient client, string pageUrl) =>
        Token().Match(await client.GetStringAsync(pageUrl)).Groups[1].Value;

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex Token();
}
