namespace BinHub.Tests.Practices;

/// <summary>The Kenniscentrum's review: publish or reject with a reason, the author told by e-mail in their own language.</summary>
public class PracticeReviewTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<Delivery> MailAsync(string email)
    {
        await using var db = app.Db();
        return await db.Deliveries.SingleAsync(d => d.Recipient == email && d.Kind == "PracticeReviewed");
    }

    [Fact]
    public async Task Publishing_tells_the_author_by_email_in_their_language_through_the_outbox()
    {
        var place = await world.PlaceAsync();
        var author = await world.PersonAsync(Roles.Coordinator, coordinates: (await world.BinAsync(place, BinStatus.Active)).Id, lang: "fr");
        var id = await app.ProposeAsync(author.Token, PracticeBuilders.Proposal(title: "Promenade de quartier", language: "fr"));
        var centre = await world.PersonAsync(Roles.KenniscentrumAdmin);

        var response = await app.ClientFor(centre.Token, "nl").PostAsync($"/api/v1/practices/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mail = await MailAsync(author.User.Email!);
        Assert.Equal(Channels.Email, mail.Channel);
        Assert.Equal("Votre pratique « Promenade de quartier » est publiée", mail.Subject);
        Assert.Contains($"/Practices/{id}", mail.Body);
        await using var db = app.Db();
        var p = await db.Practices.SingleAsync(x => x.Id == id);
        Assert.Equal((PracticeState.Published, app.Clock.Now), (p.State, p.PublishedAt!.Value));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == centre.User.Id && a.Action == "PublishPractice" && a.EntityId == id.ToString() && a.Outcome == "Ok"));
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_which_the_author_reads_in_their_language_and_can_then_resubmit()
    {
        var author = await world.PersonAsync(Roles.PoliceOfficer, zone: (await world.PlaceAsync()).Zone, lang: "de");
        var id = await app.ProposeAsync(author.Token, PracticeBuilders.Proposal(title: "Nachbarschaftsspaziergang", language: "de"));
        var centre = app.ClientFor((await world.PersonAsync(Roles.KenniscentrumAdmin)).Token);

        Assert.Equal(HttpStatusCode.BadRequest, (await centre.PostAsJsonAsync($"/api/v1/practices/{id}/reject", new { reason = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await centre.PostAsJsonAsync($"/api/v1/practices/{id}/reject", new { reason = "Bitte ein Foto hinzufügen" })).StatusCode);
        var mail = await MailAsync(author.User.Email!);
        Assert.Equal("Ihre Praxis „Nachbarschaftsspaziergang“ wurde nicht veröffentlicht", mail.Subject);
        Assert.Contains("Bitte ein Foto hinzufügen", mail.Body);
        Assert.Contains($"/Practices/Edit/{id}", mail.Body);

        var resubmitted = await app.ClientFor(author.Token).PutAsJsonAsync($"/api/v1/practices/{id}", PracticeBuilders.Proposal(title: "Nachbarschaftsspaziergang", language: "de"));
        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        await using var db = app.Db();
        var p = await db.Practices.SingleAsync(x => x.Id == id);
        Assert.Equal((PracticeState.Submitted, null), (p.State, p.RejectionReason));
    }

    [Fact]
    public async Task Only_the_Kenniscentrum_reviews_and_only_what_was_submitted()
    {
        var place = await world.PlaceAsync();
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var id = await app.ProposeAsync(officer.Token, PracticeBuilders.Proposal());
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(officer.Token).PostAsync($"/api/v1/practices/{id}/publish", null)).StatusCode);
        Assert.True(await app.DeniedAsync(officer.User.Id, "PublishPractice", id.ToString()));
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(officer.Token).GetAsync("/api/v1/practices/review")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(officer.Token).GetAsync("/Practices/Review")).StatusCode);

        var centre = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var draft = await app.ProposeAsync(officer.Token, PracticeBuilders.Proposal(submit: false));
        Assert.Equal(HttpStatusCode.BadRequest, (await app.ClientFor(centre.Token).PostAsync($"/api/v1/practices/{draft}/publish", null)).StatusCode);
        var queue = await app.ClientFor(centre.Token).GetFromJsonAsync<JsonElement>("/api/v1/practices/review?page=1");
        var ids = queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();
        Assert.Contains(id, ids);
        Assert.DoesNotContain(draft, ids);
    }

    [Fact]
    public async Task The_review_page_asks_before_publishing_and_shows_the_body_as_text()
    {
        var author = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var id = await app.ProposeAsync(author.Token, new
        {
            title = "Veilig online", summary = "Tips", body = "Eerste alinea <script>alert(1)</script>\n\nTweede alinea", theme = "Cybercrime", language = "nl", submit = true,
        });
        var reviewer = app.ClientFor((await world.PersonAsync(Roles.KenniscentrumAdmin)).Token);
        var html = await reviewer.GetStringAsync($"/Practices/{id}");
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;", html);

        var asked = await Forms.PostAsync(reviewer, $"/Practices/{id}", $"/Practices/{id}?handler=Publish", new());
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        await using (var db = app.Db()) Assert.Equal(PracticeState.Submitted, (await db.Practices.SingleAsync(p => p.Id == id)).State);
        var done = await Forms.PostAsync(reviewer, $"/Practices/{id}", $"/Practices/{id}?handler=Publish", new() { ["confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        await using (var db = app.Db()) Assert.Equal(PracticeState.Published, (await db.Practices.SingleAsync(p => p.Id == id)).State);
    }
}
