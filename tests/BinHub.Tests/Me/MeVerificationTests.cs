using static BinHub.Tests.Join.JoinSupport;

namespace BinHub.Tests.Me;

/// <summary>New phones and a changed e-mail address are confirmed the same way as at sign-up.</summary>
public class MeVerificationTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<(MeBuilders.Household Home, HttpClient Client)> HomeAsync()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var home = await app.HouseholdAsync(world, bin.Id, language: "de", phones: [($"+32470{Random.Shared.Next(100000, 999999)}", true, true)]);
        return (home, app.ClientFor(home.Person.Token));
    }

    [Fact]
    public async Task A_new_mobile_gets_a_code_in_the_members_language_and_is_verified_with_it_a_wrong_code_counts_a_try()
    {
        var (home, client) = await HomeAsync();
        var partner = $"+32475{Random.Shared.Next(100000, 999999)}";
        var added = await client.PostAsJsonAsync("/api/v1/me/phones", new { number = "0" + partner[3..] });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var phoneId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        string sms;
        await using (var db = app.Db()) sms = (await db.Deliveries.SingleAsync(m => m.Recipient == partner)).Body!;
        Assert.StartsWith("BIN: Ihr Code lautet", sms);
        var code = Code().Match(sms).Value;

        var wrong = await client.PostAsJsonAsync($"/api/v1/me/phones/{phoneId}/verification", new { code = code == "000000" ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("4", await wrong.Content.ReadAsStringAsync());
        Assert.False((await app.MemberAsync(home.MemberId)).Phones.Single(p => p.Id == phoneId).Verified);

        var right = await client.PostAsJsonAsync($"/api/v1/me/phones/{phoneId}/verification", new { code });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.True((await app.MemberAsync(home.MemberId)).Phones.Single(p => p.Id == phoneId).Verified);
    }

    [Fact]
    public async Task A_new_landline_gets_its_code_read_in_a_call_and_is_confirmed_by_typing_it_on_the_page()
    {
        var (_, client) = await HomeAsync();
        var landline = $"+3250{Random.Shared.Next(100000, 999999)}";
        var added = await client.PostAsJsonAsync("/api/v1/me/phones", new { number = "0" + landline[3..] });
        var phoneId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        string spoken;
        await using (var db = app.Db())
        {
            var call = await db.Deliveries.SingleAsync(m => m.Recipient == landline);
            Assert.Equal((Channels.Voice, "CodeVerifyPhone"), (call.Channel, call.Kind));
            spoken = call.Body!;
        }
        var digits = string.Concat(spoken.Where(char.IsAsciiDigit)); // read digit by digit, twice: "4, 0, 7, …"
        Assert.Equal(12, digits.Length);
        var code = digits[..6];

        var wrong = await client.PostAsJsonAsync($"/api/v1/me/phones/{phoneId}/verification", new { code = code == "000000" ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var typed = await client.PostAsJsonAsync($"/api/v1/me/phones/{phoneId}/verification", new { code });
        Assert.Equal(HttpStatusCode.OK, typed.StatusCode);
        Assert.Contains("\"verified\":true", await typed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_households_phone_cannot_be_verified_or_sent_a_code()
    {
        var (_, client) = await HomeAsync();
        var (other, _) = await HomeAsync();
        var theirs = (await app.MemberAsync(other.MemberId)).Phones[0].Id;
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/me/phones/{theirs}/verification", new { code = "123456" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/me/phones/{theirs}/code", null)).StatusCode);
    }

    [Fact]
    public async Task A_changed_email_address_gets_a_confirmation_link_and_following_it_confirms_the_address()
    {
        var (home, client) = await HomeAsync();
        var email = $"nieuw{Random.Shared.Next()}@example.test";
        var response = await client.PutAsJsonAsync("/api/v1/me", new { name = "Jeanne Dubois", street = "Kerkstraat", houseNumber = "12", email, language = "de" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string body;
        await using (var db = app.Db()) body = (await db.Deliveries.SingleAsync(m => m.Recipient == email && m.Kind == "LinkVerifyEmail")).Body!;
        Assert.Contains("E-Mail-Adresse", body);
        var path = new Uri(LinkIn(body)).PathAndQuery;
        var browser = app.ClientFor(null);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(browser, path, path, new())).StatusCode);
        Assert.NotNull((await app.MemberAsync(home.MemberId)).EmailVerifiedAt);
    }
}
