namespace BinHub.Tests.Support;

/// <summary>Events published and registered for through the API, as publishers and members do.</summary>
public static class EventBuilders
{
    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    /// <summary>An instant at a Brussels wall-clock time, <paramref name="days"/> calendar days after the app's today.</summary>
    public static DateTimeOffset BrusselsAt(this BinHubApp app, int days, int hour, int minute = 0)
    {
        var today = TimeZoneInfo.ConvertTime(app.Clock.Now, Brussels).Date;
        var local = today.AddDays(days).AddHours(hour).AddMinutes(minute);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Brussels), TimeSpan.Zero);
    }

    public static object EventFor(int binId, string placeNis, DateTimeOffset starts, int? capacity = null, string title = "Infoavond inbraakpreventie") => new
    {
        kind = "InformationEvening", title, description = "Tips van de politie", startsAt = starts, endsAt = starts.AddHours(2),
        place = "Zaal De Kring, Kerkstraat 1", placeNis, capacity, languages = new[] { "nl" }, audience = "Bin", binId,
    };

    /// <summary>Publishes for a BIN of <paramref name="place"/>; answers the event id.</summary>
    public static async Task<int> PublishAsync(this BinHubApp app, string token, World.Place place, int binId, DateTimeOffset starts, int? capacity = null,
        string title = "Infoavond inbraakpreventie")
    {
        var response = await app.ClientFor(token).PostAsJsonAsync("/api/v1/events", EventFor(binId, place.Nis, starts, capacity, title));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    public static Task<HttpResponseMessage> RegisterAsync(this BinHubApp app, string token, int eventId, int people = 1) =>
        app.ClientFor(token).PutAsJsonAsync($"/api/v1/events/{eventId}/my-registration", new { people });

    public static async Task<List<Delivery>> RemindersAsync(this BinHubApp app, int eventId)
    {
        await using var db = app.Db();
        var prefix = $"event-reminder:{eventId}:";
        return await db.Deliveries.AsNoTracking().Where(d => d.Kind == "EventReminder" && d.DedupKey!.StartsWith(prefix)).OrderBy(d => d.Id).ToListAsync();
    }
}
