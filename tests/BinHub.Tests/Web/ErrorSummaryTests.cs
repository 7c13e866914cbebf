using System.Text.RegularExpressions;

namespace BinHub.Tests.Web;

/// <summary>
/// After a server-side refusal (WCAG 2.1: 3.3.1, 2.4.3): the error summary takes the focus on load, the title says "Error",
/// each message links to its field, and the field is marked invalid and described by its message.
/// </summary>
public class ErrorSummaryTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static async Task<string> FormAgainAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The element with id="<paramref name="id"/>" (its opening tag).</summary>
    private static string Tag(string html, string id) => Regex.Match(html, $"<[a-z]+ [^>]*id=\"{id}\"[^>]*>").Value;

    private static void SummaryFocusedAndTitled(string html, string prefix)
    {
        Assert.Contains($"<title>{prefix} ", html);
        var summary = Tag(html, "error-summary");
        Assert.Contains("tabindex=\"-1\"", summary);
        Assert.Contains("autofocus", summary);
    }

    [Fact]
    public async Task A_refused_sign_up_links_each_message_to_its_field_which_points_back()
    {
        var bin = await world.BinAsync(await world.PlaceAsync(), BinStatus.Active);
        var client = app.ClientFor(null, "nl-BE");
        var html = await FormAgainAsync(await Forms.PostAsync(client, $"/Join/{bin.Id}", $"/Join/{bin.Id}?handler=Next",
            new() { ["Form.Name"] = "", ["Form.Street"] = "", ["Form.HouseNumber"] = "", ["Form.Language"] = "nl" }));

        SummaryFocusedAndTitled(html, "Fout:");
        foreach (var (field, id) in new[] { ("Name", "name"), ("HouseNumber", "house") })
        {
            Assert.Matches($"<li id=\"error-{field}\"><a href=\"#{id}\">", html);
            var input = Tag(html, id);
            Assert.Contains("aria-invalid=\"true\"", input);
            Assert.Matches($"aria-describedby=\"[^\"]*error-{field}\"", input);
        }
        Assert.DoesNotContain("aria-invalid", Tag(html, "landline")); // a field without a message is left alone
    }

    [Fact]
    public async Task A_form_page_refusal_from_its_slice_links_to_the_field_in_french()
    {
        // A FormPage collects the slice's keyed errors (AddPhone answers "Number"); the field's form name is "number".
        var bin = await world.BinAsync(await world.PlaceAsync(), BinStatus.Active);
        var home = await app.HouseholdAsync(world, bin.Id, language: "fr");
        var client = app.ClientFor(home.Person.Token, "fr-BE");
        var html = await FormAgainAsync(await Forms.PostAsync(client, "/Me/Phones", "/Me/Phones?handler=Add", new() { ["number"] = "pas un numéro" }));

        SummaryFocusedAndTitled(html, "Erreur :");
        Assert.Matches("<li id=\"error-Number\"><a href=\"#new-phone\">", html);
        Assert.Contains("aria-invalid=\"true\"", Tag(html, "new-phone"));
        Assert.Contains("new-phone-hint error-Number", Tag(html, "new-phone")); // its hint stays, the message is added
    }

    [Fact]
    public async Task A_refused_bin_request_links_its_name_and_contact_messages_to_their_fields()
    {
        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(null, "en"), "/Join/Request", "/Join/Request",
            new() { ["Nis"] = "", ["Name"] = "", ["Email"] = "", ["Phone"] = "" }));
        SummaryFocusedAndTitled(html, "Error:");
        Assert.Matches("<li id=\"error-Name\"><a href=\"#name\">", html);
        Assert.Matches("<li id=\"error-Email\"><a href=\"#email\">", html);
        Assert.Contains("aria-invalid=\"true\"", Tag(html, "email"));
        Assert.DoesNotContain("aria-invalid", Tag(html, "message"));
    }

    [Fact]
    public async Task A_page_without_a_refusal_keeps_its_plain_title_and_no_summary()
    {
        var bin = await world.BinAsync(await world.PlaceAsync(), BinStatus.Active);
        var html = WebUtility.HtmlDecode(await app.ClientFor(null, "nl-BE").GetStringAsync($"/Join/{bin.Id}"));
        Assert.DoesNotContain("<title>Fout:", html);
        Assert.DoesNotContain("error-summary", html);
        Assert.DoesNotContain("aria-invalid=\"true\"", html);
    }

    [Fact]
    public async Task A_message_without_a_field_is_listed_without_a_link()
    {
        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(null, "de-BE"), "/Account/Login", "/Account/Login",
            new() { ["Email"] = "niemand@test.invalid", ["Password"] = "falsch-falsch-falsch" }));
        SummaryFocusedAndTitled(html, "Fehler:");
        Assert.Matches("<li id=\"login-error\">[^<]+</li>", html);
    }
}
