namespace BinHub.Tests.Support;

/// <summary>Builders for the volunteer programme: opted-in households, calls published through the API, decisions.</summary>
public static class VolunteeringBuilders
{
    /// <summary>A signed-in household of <paramref name="binId"/>, opted in to volunteer calls unless told otherwise.</summary>
    public static async Task<MeBuilders.Household> VolunteerCandidateAsync(this BinHubApp app, World world, int binId, string language = "fr",
        bool optedIn = true, bool emailVerified = true, string? email = "auto", params (string Number, bool Mobile, bool Verified)[] phones)
    {
        var h = await app.HouseholdAsync(world, binId, $"Kandidaat {Guid.NewGuid():N}"[..20], language,
            email == "auto" ? $"cand.{Guid.NewGuid():N}@test.invalid" : email, emailVerified, phones);
        if (optedIn)
        {
            await using var db = app.Db();
            await db.Members.Where(m => m.Id == h.MemberId).ExecuteUpdateAsync(s => s.SetProperty(m => m.VolunteerCallsConsentAt, app.Clock.Now));
        }
        return h;
    }

    public static object CallRequest(string? nis = null, string? region = null, string role = "Cpa", string title = "Cyber Prevention Adviser gezocht",
        int hours = 4, string? training = "BIN-cursus cyberpreventie v2", DateOnly? until = null, int? session = null) => new
    {
        role, title, description = "Help households in your area with phishing and safe online banking.", regionCode = region, municipalityNis = nis,
        hoursPerMonth = hours, training, trainingSessionId = session, openUntil = (until ?? DateOnly.FromDateTime(new DateTime(2026, 4, 30))).ToString("yyyy-MM-dd"),
    };

    public static async Task<int> PublishAsync(this BinHubApp app, World.Person publisher, object request)
    {
        var response = await app.ClientFor(publisher.Token).PostAsJsonAsync("/api/v1/volunteering/calls", request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    public static async Task<int> ApplyAsync(this BinHubApp app, World.Person member, int callId, string motivation = "Ik werk in de IT en help graag.")
    {
        var response = await app.ClientFor(member.Token).PostAsJsonAsync($"/api/v1/me/volunteering/calls/{callId}/apply", new { motivation });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    public static async Task<List<Delivery>> DeliveriesAsync(this BinHubApp app, int memberId, string kind)
    {
        await using var db = app.Db();
        return await db.Deliveries.AsNoTracking().Where(d => d.MemberId == memberId && d.Kind == kind).OrderBy(d => d.Id).ToListAsync();
    }
}
