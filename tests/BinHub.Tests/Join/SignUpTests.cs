using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using BinHub.Features.Verification;
using Microsoft.Extensions.Logging.Abstractions;
using static BinHub.Tests.Join.JoinSupport;

namespace BinHub.Tests.Join;

public class SignUpTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<(Bin Bin, World.Person Coordinator)> BinWithCoordinatorAsync(bool autoApprove = false, BinType type = BinType.Bin)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active, type: type);
        if (autoApprove)
        {
            await using var db = app.Db();
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.AutoApproveMembers, true));
        }
        return (bin, await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id, lang: "nl"));
    }

    private static string UniqueMobile() => $"+32470{Random.Shared.Next(100000, 999999)}";

    [Fact]
    public async Task A_household_signs_up_confirms_the_sms_code_and_waits_for_the_coordinator_who_is_told()
    {
        var (bin, coordinator) = await BinWithCoordinatorAsync();
        var mobile = UniqueMobile();
        var client = app.ClientFor(null);
        var submitted = await SubmitAsync(client, bin.Id, Form(mobile: mobile, lang: "fr"));
        Assert.True(submitted.StatusCode == HttpStatusCode.Redirect, await submitted.Content.ReadAsStringAsync());
        var verifyUrl = submitted.Headers.Location!.ToString();
        Assert.Contains("/Join/Verify", verifyUrl);

        await using (var db = app.Db())
        {
            var member = await db.Members.Include(m => m.Phones).SingleAsync(m => m.BinId == bin.Id);
            Assert.Equal(MemberState.Pending, member.State);
            Assert.False(member.ConsentOnPaper);
            Assert.Equal("unverified-sms", member.Phones.Single().VerificationState);
            var sms = await db.Deliveries.SingleAsync(m => m.Recipient == mobile);
            Assert.StartsWith("PLP : votre code est", sms.Body); // the member's language, not the browser's
        }
        var code = await LastCodeToAsync(app, mobile);
        var verified = await Forms.PostAsync(client, verifyUrl, verifyUrl, new() { ["Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        Assert.StartsWith("/Me", verified.Headers.Location!.ToString());

        await using (var db = app.Db())
        {
            var member = await db.Members.Include(m => m.Phones).SingleAsync(m => m.BinId == bin.Id);
            Assert.True(member.Phones.Single().Verified);
            Assert.Equal(MemberState.Pending, member.State);
            Assert.NotNull(member.UserId);
            Assert.Contains(await db.MemberEvents.Where(e => e.MemberId == member.Id).Select(e => e.Kind).ToListAsync(), k => k == "Verified");
            var notice = await db.Deliveries.SingleAsync(m => m.Kind == "PendingMember");
            Assert.Equal(coordinator.User.Email, notice.Recipient);
            Assert.DoesNotContain(mobile, notice.Body);
            Assert.DoesNotContain("Anna", notice.Body);
        }
        // Signed in: the member's sessions page answers; ending every session signs this browser out.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Me/Sessions")).StatusCode);
        await using (var db = app.Db())
        {
            var userId = (await db.Members.SingleAsync(m => m.BinId == bin.Id)).UserId!;
            await BinHub.Features.Users.SignInSessions.EndAsync(db, userId, null, null, app.Clock.Now, default);
        }
        var after = await client.GetAsync("/Me/Sessions");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/MemberSignIn", after.Headers.Location!.ToString());
    }

    [Fact]
    public async Task With_auto_approval_the_first_proof_activates_the_member_and_welcomes_them_in_their_language()
    {
        var (bin, _) = await BinWithCoordinatorAsync(autoApprove: true);
        var mobile = UniqueMobile();
        var client = app.ClientFor(null);
        var verifyUrl = (await SubmitAsync(client, bin.Id, Form(mobile: mobile, lang: "de"))).Headers.Location!.ToString();
        await Forms.PostAsync(client, verifyUrl, verifyUrl, new() { ["Code"] = await LastCodeToAsync(app, mobile) });

        await using var db = app.Db();
        var member = await db.Members.SingleAsync(m => m.BinId == bin.Id);
        Assert.Equal(MemberState.Active, member.State);
        Assert.Equal("auto-approval", member.DecidedBy);
        var welcome = await db.Deliveries.SingleAsync(m => m.Kind == "MemberWelcome" && m.Recipient == mobile);
        Assert.StartsWith("Willkommen", welcome.Body);
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_number_even_the_right_code_then_fails_and_no_new_code_is_sent_for_a_while()
    {
        var (bin, _) = await BinWithCoordinatorAsync();
        var mobile = UniqueMobile();
        var client = app.ClientFor(null);
        var verifyUrl = (await SubmitAsync(client, bin.Id, Form(mobile: mobile))).Headers.Location!.ToString();
        var right = await LastCodeToAsync(app, mobile);
        var wrong = right == "000000" ? "111111" : "000000";
        for (var i = 1; i <= 5; i++)
        {
            var page = await (await Forms.PostAsync(client, verifyUrl, verifyUrl, new() { ["Code"] = wrong })).Content.ReadAsStringAsync();
            Assert.Contains(i < 5 ? $"{5 - i} tries left" : "Wait 15 minutes", page);
        }
        var locked = await (await Forms.PostAsync(client, verifyUrl, verifyUrl, new() { ["Code"] = right })).Content.ReadAsStringAsync();
        Assert.Contains("Wait 15 minutes", locked);
        var resend = await (await Forms.PostAsync(client, verifyUrl, verifyUrl + "&handler=Resend", new())).Content.ReadAsStringAsync();
        Assert.Contains("Wait 15 minutes", resend);
        await using var db = app.Db();
        Assert.False((await db.MemberPhones.SingleAsync(p => p.Number == mobile)).Verified);
        Assert.Equal(1, await db.Deliveries.CountAsync(m => m.Recipient == mobile));
    }

    [Fact]
    public async Task An_expired_code_is_refused()
    {
        var (bin, _) = await BinWithCoordinatorAsync();
        var mobile = UniqueMobile();
        var client = app.ClientFor(null);
        var verifyUrl = (await SubmitAsync(client, bin.Id, Form(mobile: mobile))).Headers.Location!.ToString();
        var code = await LastCodeToAsync(app, mobile);
        await using var db = app.Db();
        await db.VerificationCodes.Where(c => c.Target == mobile).ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiresAt, app.Clock.Now.AddSeconds(-1)));
        var page = await (await Forms.PostAsync(client, verifyUrl, verifyUrl, new() { ["Code"] = code })).Content.ReadAsStringAsync();
        Assert.Contains("expired", page);
        Assert.False((await db.MemberPhones.SingleAsync(p => p.Number == mobile)).Verified);
    }

    [Theory]
    [InlineData("Form.Street", "Elders 5", "not in the BIN")]
    [InlineData("Form.Mobile", "09 123 45 67", "This is a landline number")]
    [InlineData("Form.Mobile", "12345", "not a valid phone number")]
    [InlineData("Form.Landline", "0470 11 22 33", "This is a mobile number")]
    [InlineData("Form.Landline", "+33 1 23 45 67 89", "is not a Belgian number")]
    [InlineData("Form.Landline", "0800 12 345", "free-phone, premium or shared-cost")]
    [InlineData("Form.Email", "not-an-address", "valid e-mail")]
    [InlineData("Form.Consent", "false", "accept the current privacy notice")]
    [InlineData("Form.HouseNumber", "twelve", "House number is not valid")]
    public async Task Bad_input_gets_a_clear_message_and_writes_nothing(string field, string value, string expected)
    {
        var (bin, _) = await BinWithCoordinatorAsync();
        var form = Form(mobile: UniqueMobile(), email: "anna@example.test");
        form[field] = value;
        var response = await SubmitAsync(app.ClientFor(null), bin.Id, form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var db = app.Db();
        Assert.False(await db.Members.AnyAsync(m => m.BinId == bin.Id));
        Assert.False(await db.VerificationCodes.AnyAsync(c => c.Target == form["Form.Mobile"]));
    }

    [Fact]
    public async Task An_overlong_name_is_refused_in_the_users_language()
    {
        var (bin, _) = await BinWithCoordinatorAsync();
        var response = await SubmitAsync(app.ClientFor(null, "nl"), bin.Id, Form(name: new string('a', 201), mobile: UniqueMobile()));
        Assert.Contains("Naam is ongeldig", await response.Content.ReadAsStringAsync());
        await using var db = app.Db();
        Assert.False(await db.Members.AnyAsync(m => m.BinId == bin.Id));
    }

    [Fact]
    public async Task A_business_in_a_bin_z_needs_a_valid_enterprise_number()
    {
        var (bin, _) = await BinWithCoordinatorAsync(type: BinType.BinZ);
        var client = app.ClientFor(null);
        var bad = await SubmitAsync(client, bin.Id, Form(mobile: UniqueMobile(), company: "Bakkerij Peeters", enterprise: "BE0403.170.702"));
        Assert.Contains("enterprise number is not valid", await bad.Content.ReadAsStringAsync());
        var good = await SubmitAsync(client, bin.Id, Form(mobile: UniqueMobile(), company: "Bakkerij Peeters", enterprise: "BE0403.170.701"));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        await using var db = app.Db();
        Assert.Equal("0403170701", (await db.Members.SingleAsync(m => m.BinId == bin.Id)).EnterpriseNumber);
    }

    [Fact]
    public async Task A_bin_that_is_not_active_cannot_be_joined()
    {
        var place = await world.PlaceAsync();
        var draft = await world.BinAsync(place, BinStatus.Draft);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(null).GetAsync($"/Join/{draft.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_landline_gets_its_code_read_aloud_by_espeak_and_stays_unverified_voice()
    {
        var (bin, _) = await BinWithCoordinatorAsync();
        var landline = $"+3292{Random.Shared.Next(100000, 999999)}";
        await SubmitAsync(app.ClientFor(null), bin.Id, Form(mobile: null, landline: "0" + landline[3..], lang: "nl"));
        await using var db = app.Db();
        var voice = await db.Deliveries.SingleAsync(m => m.Recipient == landline);
        Assert.Equal(Channels.Voice, voice.Channel);
        Assert.Contains("Uw code is", voice.Body);

        var dir = Directory.CreateTempSubdirectory("binhub-voice-").FullName;
        var sender = new EspeakVoiceSender(new VoiceOptions { AudioDirectory = dir });
        await TestDispatch.RunAsync(db, new DevOutboxEmailSender(), new DevOutboxSmsSender(), app.Clock, NullLogger.Instance, default, sender);
        db.ChangeTracker.Clear();
        voice = await db.Deliveries.SingleAsync(m => m.Id == voice.Id);
        Assert.Equal(DeliveryState.AudioReady, voice.State);
        Assert.Equal("espeak-ng", voice.Via);
        Assert.Contains("no call gateway", voice.LastError);
        var wav = await File.ReadAllBytesAsync(Path.Combine(dir, $"{voice.Id}.wav"));
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.True(EspeakVoiceSender.WavDuration(Path.Combine(dir, $"{voice.Id}.wav")) > TimeSpan.FromSeconds(3)); // the code, twice
        Assert.Equal("unverified-voice", (await db.MemberPhones.SingleAsync(p => p.Number == landline)).VerificationState);
    }

    [Fact]
    public async Task No_more_than_three_codes_go_to_one_number_in_fifteen_minutes()
    {
        var (bin, _) = await BinWithCoordinatorAsync();
        var mobile = UniqueMobile();
        var client = app.ClientFor(null);
        var verifyUrl = (await SubmitAsync(client, bin.Id, Form(mobile: mobile))).Headers.Location!.ToString();
        for (var i = 0; i < 3; i++) await Forms.PostAsync(client, verifyUrl, verifyUrl + "&handler=Resend", new());
        await using var db = app.Db();
        Assert.Equal(OneTimeCodes.MaxPerWindow, await db.Deliveries.CountAsync(m => m.Recipient == mobile));
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(OneTimeCodes.Refusal.None, await OneTimeCodes.MaySendAsync(db, mobile, app.Clock.Now, default));
    }
}
