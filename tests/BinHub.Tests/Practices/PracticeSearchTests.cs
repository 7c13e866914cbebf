namespace BinHub.Tests.Practices;

/// <summary>
/// The library's search, on whichever provider the run uses (BINHUB_TEST_PROVIDER): words over title, summary and body
/// without regard to case or accents, filters by theme, region and language, by pages.
/// </summary>
public class PracticeSearchTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static async Task<List<int>> IdsAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/practices?" + query)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();

    [Fact]
    public async Task Words_are_found_in_any_case_and_without_accents_and_filters_narrow_the_result()
    {
        var place = await world.PlaceAsync("03000");
        var author = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var m = PracticeBuilders.Marker();
        var fraud = await app.PublishedAsync(world, author.Token, new
        {
            title = $"Arnaque au faux policier {m}", summary = "Prévenir les aînés", body = "Une séance d'information sur la cybercriminalité.",
            theme = "Fraud", language = "fr", regionCode = place.RegionCode, submit = true,
        });
        var cyber = await app.PublishedAsync(world, author.Token, PracticeBuilders.Proposal($"{m} Cybercriminaliteit", theme: "Cybercrime", language: "nl"));
        var draft = await app.ProposeAsync(author.Token, PracticeBuilders.Proposal($"{m} cybercriminaliteit", submit: false));
        var client = app.ClientFor(author.Token);

        // "CYBERCRIMINALITE" (no accent, upper case) finds "cybercriminalité" in a body and "Cybercriminaliteit" in another; never the draft.
        Assert.Equal(new[] { cyber, fraud }.Order(), (await IdsAsync(client, $"q={m}+CYBERCRIMINALITE")).Order());
        Assert.DoesNotContain(draft, await IdsAsync(client, $"q={m}"));
        Assert.Equal([fraud], await IdsAsync(client, $"q={m}+seance+AINES"));
        Assert.Equal([fraud], await IdsAsync(client, $"q={m}&theme=Fraud"));
        Assert.Equal([fraud], await IdsAsync(client, $"q={m}&region={place.RegionCode}"));
        Assert.Equal([cyber], await IdsAsync(client, $"q={m}&region=national"));
        Assert.Equal([cyber], await IdsAsync(client, $"q={m}&language=nl"));
        Assert.Empty(await IdsAsync(client, $"q={m}+burglary"));

        var first = await client.GetFromJsonAsync<JsonElement>($"/api/v1/practices?q={m}&pageSize=1&page=2");
        Assert.Equal((2, 1), (first.GetProperty("total").GetInt32(), first.GetProperty("items").GetArrayLength()));
        Assert.Equal(fraud, first.GetProperty("items")[0].GetProperty("id").GetInt32()); // newest first (same instant: the later one first)

        // The author's own proposals, in every state.
        Assert.Contains(draft, await IdsAsync(client, $"mine=true&q={m}"));
    }

    [Fact]
    public async Task The_search_page_shows_the_found_practices_in_the_readers_language()
    {
        var author = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var m = PracticeBuilders.Marker();
        var id = await app.PublishedAsync(world, author.Token, PracticeBuilders.Proposal(m, theme: "MissingPersons", isPublic: true));
        var html = WebUtility.HtmlDecode(await app.ClientFor(null, "fr").GetStringAsync($"/Practices?q={m}"));
        Assert.Contains($"href=\"/Practices/{id}\"", html);
        Assert.Contains("Personnes disparues", html);
        Assert.Contains("1 pratique trouvée", html);
    }
}
