namespace BinHub.Tests.Support;

/// <summary>Practices made through the API, as their authors and the Kenniscentrum would.</summary>
public static class PracticeBuilders
{
    /// <summary>A proposal body; <paramref name="words"/> goes into the text so a test can find its own practices.</summary>
    public static object Proposal(string words = "", string title = "Buurtwandeling tegen inbraak", string theme = "Burglary", string language = "nl",
        string? region = null, int? binId = null, bool isPublic = false, bool submit = true, int? translationOf = null) =>
        new
        {
            title, summary = "Elke maand een wandeling met de wijkagent.", body = $"We wandelen samen door de wijk.\n\nDaarna koffie. {words}",
            theme, regionCode = region, language, binId, publicConsent = isPublic, translationOf, submit,
        };

    public static async Task<int> ProposeAsync(this BinHubApp app, string token, object proposal)
    {
        var response = await app.ClientFor(token).PostAsJsonAsync("/api/v1/practices", proposal);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>Proposed by <paramref name="authorToken"/>'s owner and published by a Kenniscentrum account.</summary>
    public static async Task<int> PublishedAsync(this BinHubApp app, World world, string authorToken, object proposal, string? centreToken = null)
    {
        var id = await app.ProposeAsync(authorToken, proposal);
        centreToken ??= (await world.PersonAsync(Roles.KenniscentrumAdmin)).Token;
        var response = await app.ClientFor(centreToken).PostAsync($"/api/v1/practices/{id}/publish", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return id;
    }

    public static async Task<HttpResponseMessage> AttachAsync(this BinHubApp app, string token, int id, byte[] bytes, string name, string contentType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var form = new MultipartFormDataContent { { file, "file", name } };
        return await app.ClientFor(token).PostAsync($"/api/v1/practices/{id}/attachments", form);
    }

    public static async Task<bool> DeniedAsync(this BinHubApp app, string userId, string action, string entityId)
    {
        await using var db = app.Db();
        return await db.AuditEntries.AnyAsync(a => a.UserId == userId && a.Action == action && a.EntityId == entityId && a.Outcome == "Denied");
    }

    public sealed record PageData(int Published, int Draft);

    /// <summary>
    /// For the page crawls: a published practice by a coordinator of <paramref name="binId"/> with a flyer and a French
    /// translation (its page shows all parts), that coordinator's draft (its edit page) and a practice awaiting review.
    /// </summary>
    public static async Task<PageData> PracticePagesAsync(this BinHubApp app, World world, string coordinatorToken, string centreToken, int binId)
    {
        var draft = await app.ProposeAsync(coordinatorToken, Proposal(binId: binId, submit: false));
        var published = await app.ProposeAsync(coordinatorToken, Proposal(binId: binId, isPublic: true));
        var pdf = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        Assert.Equal(HttpStatusCode.Created, (await app.AttachAsync(coordinatorToken, published, pdf, "folder.pdf", "application/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(centreToken).PostAsync($"/api/v1/practices/{published}/publish", null)).StatusCode);
        await app.PublishedAsync(world, coordinatorToken, Proposal(title: "Promenade contre les cambriolages", language: "fr", translationOf: published), centreToken);
        await app.ProposeAsync(coordinatorToken, Proposal(title: "Koffie met de buren", theme: "SocialCohesion"));
        return new PageData(published, draft);
    }

    /// <summary>Makes the BIN's coordinator who signs in with a password (a browser test's) the author of <paramref name="practiceId"/>.</summary>
    public static async Task HandPracticeToCoordinatorAsync(this BinHubApp app, int practiceId, int binId)
    {
        await using var db = app.Db();
        var user = await db.Users.Where(u => u.PasswordHash != null && db.BinCoordinators.Any(c => c.BinId == binId && c.UserId == u.Id)).SingleAsync();
        await db.Practices.Where(p => p.Id == practiceId).ExecuteUpdateAsync(s => s.SetProperty(p => p.AuthorUserId, user.Id).SetProperty(p => p.AuthorName, user.DisplayName));
    }

    /// <summary>The scope walk's practice (a draft with a file) per BIN, by the BIN's coordinator.</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<int, (int Practice, int File)> Walk = new();

    public static async Task WalkPracticeAsync(this BinHubApp app, string coordinatorToken, int binId)
    {
        var id = await app.ProposeAsync(coordinatorToken, Proposal(binId: binId, submit: false));
        var pdf = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        var added = await app.AttachAsync(coordinatorToken, id, pdf, "walk.pdf", "application/pdf");
        Walk[binId] = (id, (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
    }

    /// <summary>A word no other test uses (letters and digits, as the folded search column keeps them).</summary>
    public static string Marker() => "m" + Guid.NewGuid().ToString("N")[..12];
}
