using System.Text.RegularExpressions;

namespace BinHub.Tests.Web;

/// <summary>
/// WCAG 2.1 3.3.1 over every form of the language crawl (its <see cref="EmptyForms"/> and data, hence this partial): sent empty or
/// unreadable, each message of the error summary links to its field (a slice key that matches no field, as "MunicipalityNis"
/// against "Nis", left the message unlinked), and the field is marked invalid and described by that message.
/// </summary>
public partial class EveryPageInEveryLanguageTests
{
    [Fact]
    public async Task Every_form_sent_empty_links_each_summary_message_to_a_field_marked_invalid_that_points_back()
    {
        var data = await DataAsync();
        var offenders = new List<string>();
        // Beyond the empty forms: single-message pages (their message is about one field and links to it), and refusals under
        // keys that the page names otherwise.
        (string Who, string Get, string Post, Dictionary<string, string>? Fields)[] more =
        [
            ("anonymous", "/Account/Login", "/Account/Login", new() { ["Email"] = "someone@test.invalid", ["Password"] = "" }),
            ("officer", "/Account/TwoFactorSetup", "/Account/TwoFactorSetup?handler=Replace", new() { ["Current"] = "" }),
            ("officer", "/Messages/Compose", "/Messages/Compose?handler=Preview", new() { ["Input.Kind"] = "Alarm", ["Input.OccurredAt"] = "yesterday" }),
            // The report's forms name their fields otherwise than the slice its keys ("note" is DecisionNote, "text" NoteText).
            ("officer", $"/Police/Report/{data.ReportId}", $"/Police/Report/{data.ReportId}?handler=Decide", new() { ["Decision"] = "ForwardedToDispatch" }),
            ("officer", $"/Police/Report/{data.ReportId}", $"/Police/Report/{data.ReportId}?handler=Note", new() { ["NoteText"] = "" }),
        ];
        foreach (var (who, get, post, fields) in EmptyForms(data).Concat(more))
        {
            var client = app.ClientFor(data.Clients.Single(c => c.Who == who).Token, "en");
            var response = await Forms.PostAsync(client, get, post, new(fields ?? []));
            CheckLinks($"{who} POST {post} ({(fields is null ? "empty" : "unreadable")})", await response.Content.ReadAsStringAsync(), offenders);
        }
        // The code steps, each reached as its flow reaches it (a password first, a code sent, a signed sign-up ticket).
        foreach (var flow in new[] { "/Account/LoginWith2fa", "/Account/MemberCode", "/Join/Verify" })
        {
            var (client, at) = await data.Flows[flow]("en");
            CheckLinks($"POST {flow} (empty)", await (await Forms.PostAsync(client, at, at, new() { ["Code"] = "" })).Content.ReadAsStringAsync(), offenders);
        }

        Assert.True(offenders.Count == 0, $"{offenders.Count} offenders:\n" + string.Join("\n", offenders));
    }

    private static void CheckLinks(string where, string html, List<string> offenders)
    {
        var summary = Summary().Match(html);
        if (!summary.Success) { offenders.Add($"{where}: no error summary"); return; }
        var entries = Entry().Matches(summary.Groups[1].Value);
        if (entries.Count == 0) offenders.Add($"{where}: an empty error summary");
        var entryIdOfField = new Dictionary<string, string>();
        foreach (Match e in entries)
        {
            var (id, text) = (e.Groups[1].Value, e.Groups[2].Value);
            var href = Link().Match(text);
            // Every message here is about a field left empty or unreadable: unlinked, it leaves the user to find the field.
            if (!href.Success) { offenders.Add($"{where}: \"{text}\" links to no field"); continue; }
            if (id.Length > 0) entryIdOfField.TryAdd(href.Groups[1].Value, id);
            else if (!entryIdOfField.ContainsKey(href.Groups[1].Value)) offenders.Add($"{where}: \"{text}\" has no id for its field to point at");
        }
        foreach (var (field, entryId) in entryIdOfField)
        {
            var tag = Regex.Match(html, $"<(?:input|select|textarea)\\b[^>]*\\bid=\"{Regex.Escape(field)}\"[^>]*>").Value;
            if (tag.Length == 0) { offenders.Add($"{where}: the summary links to #{field}, which is no field of the page"); continue; }
            if (!tag.Contains("aria-invalid=\"true\"")) offenders.Add($"{where}: #{field} is not marked aria-invalid=\"true\"");
            var describedBy = Regex.Match(tag, "aria-describedby=\"([^\"]*)\"").Groups[1].Value.Split(' ');
            if (!describedBy.Contains(entryId)) offenders.Add($"{where}: #{field} is not described by its message #{entryId}");
        }
    }

    [GeneratedRegex(@"id=""error-summary""[^>]*>(.*?)</ul>", RegexOptions.Singleline)]
    private static partial Regex Summary();

    [GeneratedRegex(@"<li(?: id=""([^""]*)"")?>(.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex Entry();

    [GeneratedRegex(@"<a href=""#([^""]+)"">")]
    private static partial Regex Link();
}
