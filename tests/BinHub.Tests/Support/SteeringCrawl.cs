using System.Net.Http.Headers;

namespace BinHub.Tests.Support;

/// <summary>A steering committee meeting with something in every section, for the crawls (made through the API, as the Kenniscentrum).</summary>
public static class SteeringCrawl
{
    public static async Task<int> MeetingAsync(HttpClient centre)
    {
        var created = await centre.PostAsJsonAsync("/api/v1/steering-committee/meetings",
            new { year = 2025, heldOn = "2026-02-20", place = "Brussel", agenda = "Jaarverslag\nVrijwilligers" });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await centre.PostAsJsonAsync($"/api/v1/steering-committee/meetings/{id}/attendees", new { name = "Els Maes", organisation = "Kenniscentrum", role = "Voorzitter" })).EnsureSuccessStatusCode();
        (await centre.PostAsJsonAsync($"/api/v1/steering-committee/meetings/{id}/decisions", new { text = "Campagne", owner = "Kenniscentrum", dueOn = "2026-05-31" })).EnsureSuccessStatusCode();
        var file = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        (await centre.PostAsync($"/api/v1/steering-committee/meetings/{id}/documents", new MultipartFormDataContent { { file, "file", "verslag.pdf" } })).EnsureSuccessStatusCode();
        return id;
    }
}
