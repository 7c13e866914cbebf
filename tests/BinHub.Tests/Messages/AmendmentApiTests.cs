namespace BinHub.Tests.Messages;

/// <summary>The message API shows what the pages and feeds know of a message: exercise, and which message an update or withdrawal amends.</summary>
public class AmendmentApiTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static object Prevention(int binId, string nl, bool exercise) =>
        new { kind = "Prevention", binIds = new[] { binId }, isPublic = false, isExercise = exercise, texts = new Dictionary<string, string> { ["nl"] = nl } };

    private static object Texts(string nl) => new { texts = new Dictionary<string, string> { ["nl"] = nl } };

    [Fact]
    public async Task The_message_detail_and_list_show_the_exercise_flag_and_what_an_update_amends()
    {
        var s = await app.MessagingSetupAsync(world);
        var client = app.ClientFor(s.Officer.Token);
        var original = await app.SendAsync(s.Officer.Token, Prevention(s.Bin.Id, "Oefening: inbraakpreventie in de Kerkstraat.", exercise: true));
        var updated = await client.PostAsJsonAsync($"/api/v1/messages/{original}/update", Texts("Oefening verplaatst naar donderdag."));
        var update = (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();

        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{update}");
        var first = await client.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{original}");
        var items = (await client.GetFromJsonAsync<JsonElement>("/api/v1/messages")).GetProperty("items").EnumerateArray().ToList();

        Assert.True(detail.GetProperty("isExercise").GetBoolean());
        Assert.Equal("Update", detail.GetProperty("amendment").GetString());
        Assert.Equal(original, detail.GetProperty("amendsId").GetInt64());
        Assert.Equal("None", first.GetProperty("amendment").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("amendsId").ValueKind);
        var listed = items.Single(i => i.GetProperty("id").GetInt64() == update);
        Assert.True(listed.GetProperty("isExercise").GetBoolean());
        Assert.Equal("Update", listed.GetProperty("amendment").GetString());
        Assert.Equal(original, listed.GetProperty("amendsId").GetInt64());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_new_message_fields()
    {
        var doc = JsonDocument.Parse(await app.ClientFor(null).GetStringAsync("/openapi/v1.json")).RootElement;
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        var withFields = schemas.EnumerateObject().Where(p => p.Value.TryGetProperty("properties", out var props)
            && props.TryGetProperty("amendsId", out _) && props.TryGetProperty("isExercise", out _) && props.TryGetProperty("amendment", out _)).ToList();
        // The message detail and the list item (the request of SendMessage has isExercise but no amendsId).
        Assert.True(withFields.Count >= 2, string.Join(", ", withFields.Select(p => p.Name)));
    }

    [Fact]
    public async Task Two_withdrawals_sent_at_the_same_moment_withdraw_once_and_the_other_is_told_there_is_a_newer_version()
    {
        var s = await app.MessagingSetupAsync(world);
        var client = app.ClientFor(s.Officer.Token);
        var original = await app.SendAsync(s.Officer.Token, Prevention(s.Bin.Id, "Infoavond dinsdag om 20 uur.", exercise: false));

        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            client.PostAsJsonAsync($"/api/v1/messages/{original}/withdrawal", Texts("Infoavond gaat niet door."))));

        Assert.Single(both, r => r.StatusCode == HttpStatusCode.Accepted);
        var refused = Assert.Single(both, r => r.StatusCode != HttpStatusCode.Accepted);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("newer version", await refused.Content.ReadAsStringAsync());
        await using var db = app.Db();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.AmendsId == original));
    }

    [Fact]
    public async Task An_amendment_that_loses_the_race_after_the_latest_version_check_is_refused_not_stored()
    {
        var s = await app.MessagingSetupAsync(world);
        var original = await app.SendAsync(s.Officer.Token, Prevention(s.Bin.Id, "Infoavond dinsdag om 20 uur.", exercise: false));
        // What a concurrent withdrawal has just stored, still invisible to this request's "latest version" check (it ran
        // before): the same version amended, not yet in the line the check reads.
        await using (var db = app.Db())
        {
            db.Messages.Add(new Message
            {
                Kind = MessageKind.Prevention, State = MessageState.Dispatching, SenderUserId = s.Officer.User.Id, SenderName = "Officer", ZoneNumber = s.Place.Zone,
                TargetSummary = "BIN", CreatedAt = app.Clock.Now, Amendment = Amendment.Withdrawal, AmendsVersionId = original,
            });
            await db.SaveChangesAsync();
        }

        var response = await app.ClientFor(s.Officer.Token).PostAsJsonAsync($"/api/v1/messages/{original}/withdrawal", Texts("Infoavond gaat niet door."));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("newer version", await response.Content.ReadAsStringAsync());
        await using var check = app.Db();
        Assert.Equal(0, await check.Messages.CountAsync(m => m.AmendsId == original));
    }
}
