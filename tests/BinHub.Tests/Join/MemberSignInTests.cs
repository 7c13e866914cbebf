using BinHub.Features.Members;
using static BinHub.Tests.Join.JoinSupport;

namespace BinHub.Tests.Join;

public class MemberSignInTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<(Bin Bin, string Mobile, string Email)> PaperMemberAsync()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var mobile = $"+32471{Random.Shared.Next(100000, 999999)}";
        var email = $"household{Random.Shared.Next()}@example.test";
        var added = await app.ClientFor(coordinator.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/members", new AddMember.Request(
            "Jan Janssens", null, "Dorpsstraat", "3", ["0" + mobile[3..]], email, "nl", DateOnly.FromDateTime(app.Clock.Now.UtcDateTime)));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        return (bin, mobile, email);
    }

    [Fact]
    public async Task A_paper_member_signs_in_with_an_sms_code_which_also_verifies_the_number()
    {
        var (_, mobile, _) = await PaperMemberAsync();
        var client = app.ClientFor(null);
        var sent = await Forms.PostAsync(client, "/Account/MemberSignIn", "/Account/MemberSignIn", new() { ["Address"] = "0" + mobile[3..] });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var codeUrl = sent.Headers.Location!.ToString();
        Assert.DoesNotContain(mobile[3..], codeUrl); // the number travels sealed, not in the address bar
        var code = await LastCodeToAsync(app, mobile);
        var signedIn = await Forms.PostAsync(client, codeUrl, codeUrl, new() { ["Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/Me", signedIn.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Me/Sessions")).StatusCode);

        await using var db = app.Db();
        var member = await db.Members.Include(m => m.Phones).SingleAsync(m => m.Phones.Any(p => p.Number == mobile));
        Assert.True(member.Phones.Single().Verified);
        Assert.NotNull(member.UserId);
        Assert.True(await db.UserRoles.AnyAsync(r => r.UserId == member.UserId && db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Member)));
        Assert.Single(await db.MemberSessions.Where(s => s.UserId == member.UserId && s.EndedAt == null).ToListAsync());
    }

    [Fact]
    public async Task An_unknown_number_gets_the_same_answer_and_nothing_is_sent()
    {
        var unknown = $"+32472{Random.Shared.Next(100000, 999999)}";
        var sent = await Forms.PostAsync(app.ClientFor(null), "/Account/MemberSignIn", "/Account/MemberSignIn", new() { ["Address"] = unknown });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("/Account/MemberCode", sent.Headers.Location!.ToString());
        await using var db = app.Db();
        Assert.False(await db.Deliveries.AnyAsync(m => m.Recipient == unknown));
        Assert.False(await db.VerificationCodes.AnyAsync(c => c.Target == unknown));
    }

    [Fact]
    public async Task A_magic_link_signs_in_once_and_a_replay_is_refused()
    {
        var (_, _, email) = await PaperMemberAsync();
        var client = app.ClientFor(null);
        var page = await (await Forms.PostAsync(client, "/Account/MemberSignIn", "/Account/MemberSignIn", new() { ["Address"] = email.ToUpperInvariant() })).Content.ReadAsStringAsync();
        Assert.Contains("sign-in link is on its way", page);
        string link;
        await using (var db = app.Db())
            link = LinkIn((await db.Deliveries.SingleAsync(m => m.Recipient == email && m.Kind == "LinkSignIn")).Body!);
        var path = new Uri(link).PathAndQuery;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode); // opening shows a button, uses nothing
        var first = await Forms.PostAsync(client, path, path, new());
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var replay = await Forms.PostAsync(app.ClientFor(null), path, path, new());
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("already used", await replay.Content.ReadAsStringAsync());
        await using var check = app.Db();
        Assert.NotNull((await check.Members.SingleAsync(m => m.Email == email)).EmailVerifiedAt); // following the link proved the address
    }

    [Fact]
    public async Task A_landline_cannot_ask_for_an_sms_code()
    {
        var page = await (await Forms.PostAsync(app.ClientFor(null), "/Account/MemberSignIn", "/Account/MemberSignIn", new() { ["Address"] = "09 222 33 44" }))
            .Content.ReadAsStringAsync();
        Assert.Contains("A landline cannot receive a code by SMS", page);
    }

    [Fact]
    public async Task The_member_space_sends_strangers_to_the_member_sign_in_and_staff_cannot_enter_it()
    {
        var anonymous = await app.ClientFor(null).GetAsync("/Me/Sessions");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Account/MemberSignIn", anonymous.Headers.Location!.ToString());
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: (await world.PlaceAsync()).Zone);
        var staff = await app.ClientFor(officer.Token).GetAsync("/Me/Sessions");
        Assert.NotEqual(HttpStatusCode.OK, staff.StatusCode);
    }
}
