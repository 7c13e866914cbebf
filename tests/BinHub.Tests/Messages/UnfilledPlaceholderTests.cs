using System.Text.RegularExpressions;

namespace BinHub.Tests.Messages;

/// <summary>
/// A template's placeholder ({street}, {time}, …) that nobody filled in never reaches members: the preview warns, sending
/// is refused with a message naming the placeholder and the language, from the composer and the API alike.
/// </summary>
public partial class UnfilledPlaceholderTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<int> MessagesInZoneAsync(int zone)
    {
        await using var db = app.Db();
        return await db.Messages.CountAsync(m => m.ZoneNumber == zone);
    }

    [Fact]
    public async Task Sending_the_feedback_template_chosen_from_the_list_with_street_unfilled_is_refused_by_the_composer()
    {
        var s = await app.MessagingSetupAsync(world);
        var alarmId = await app.SendAsync(s.Officer.Token, UiBuilders.Alarm(s.Bin.Id)); // no report: nothing fills {street}
        var client = app.ClientFor(s.Officer.Token);
        var link = $"/Messages/Compose?kind=Feedback&feedbackFor={alarmId}&template=resolved";
        var page = await client.GetStringAsync(link);
        var fields = TextArea().Matches(page).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["text"].Value));
        Assert.Contains("{street}", fields["Input.TextNl"]); // as the officer got it from the list
        fields["Input.Kind"] = "Feedback";
        fields["Input.BinIds"] = s.Bin.Id.ToString();
        fields["Input.FeedbackForId"] = alarmId.ToString();
        var before = await MessagesInZoneAsync(s.Place.Zone);

        var preview = await Forms.PostAsync(client, link, "/Messages/Compose?handler=Preview", fields);
        Assert.Contains("The Nederlands text still contains {street}", WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync()));

        var sent = await Forms.PostAsync(client, link, "/Messages/Compose?handler=Send", fields);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode); // the composer again, with the reason
        var html = WebUtility.HtmlDecode(await sent.Content.ReadAsStringAsync());
        Assert.Contains("The Nederlands text still contains {street}: fill it in or remove it before sending.", html);
        Assert.Contains("The Français text still contains {street}", html);
        Assert.Equal(before, await MessagesInZoneAsync(s.Place.Zone));
        await using var db = app.Db();
        Assert.Null((await db.Messages.SingleAsync(m => m.Id == alarmId)).FeedbackSentAt); // the alarm still waits for its feedback
    }

    [Fact]
    public async Task The_api_refuses_a_message_with_an_unfilled_placeholder_with_a_problem_on_texts_in_the_users_language()
    {
        var s = await app.MessagingSetupAsync(world);
        var request = UiBuilders.Alarm(s.Bin.Id, nl: "Verdacht voertuig in de Kerkstraat: {vehicle}, richting {direction}.", fr: "Véhicule suspect rue de l'Église.");
        var before = await MessagesInZoneAsync(s.Place.Zone);

        var response = await app.ClientFor(s.Officer.Token, "fr-BE").PostAsJsonAsync("/api/v1/messages", request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var texts = problem.GetProperty("errors").GetProperty("Texts").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("Le texte en Nederlands contient encore {vehicle}, {direction} : complétez-le ou supprimez-le avant l'envoi.", texts);
        Assert.Equal(before, await MessagesInZoneAsync(s.Place.Zone));

        // The preview still answers (counts and all) and names what is left to fill in.
        var preview = await app.ClientFor(s.Officer.Token).PostAsJsonAsync("/api/v1/messages/preview", request);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var warnings = (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).ToList();
        Assert.Contains(warnings, w => w!.Contains("{vehicle}, {direction}"));

        // Filled in, the same message goes out.
        var filled = UiBuilders.Alarm(s.Bin.Id, nl: "Verdacht voertuig in de Kerkstraat: grijze bestelwagen, richting station.", fr: "Véhicule suspect rue de l'Église.");
        Assert.Equal(HttpStatusCode.Accepted, (await app.ClientFor(s.Officer.Token).PostAsJsonAsync("/api/v1/messages", filled)).StatusCode);
    }

    [GeneratedRegex(@"<textarea\b[^>]*\bname=""(?<name>Input\.Text\w\w)""[^>]*>(?<text>.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex TextArea();
}
