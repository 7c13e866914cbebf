using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Web;

/// <summary>
/// Refusals on the newer areas' pages and the other forms of the sweep. Where a field repeats per row (an event's "how many", an
/// applicant's answer, a participant's result, an attendee's box, a phone's code), the message links to the row that was sent.
/// </summary>
public partial class RefusalSummaryTests
{
    private static void NotMarked(string html, string fieldId) =>
        Assert.DoesNotContain("aria-invalid", System.Text.RegularExpressions.Regex.Match(html, $"<(?:input|select|textarea)\\b[^>]*\\bid=\"{fieldId}\"[^>]*>").Value);

    [Fact]
    public async Task A_full_event_links_the_refusal_to_the_people_choice_of_that_event_not_the_first_one()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var first = await app.PublishAsync(coordinator.Token, place, bin.Id, app.BrusselsAt(10, 19), title: "Infoavond");
        var small = await app.PublishAsync(coordinator.Token, place, bin.Id, app.BrusselsAt(11, 19), capacity: 1, title: "Wijkwandeling");
        var home = await app.HouseholdAsync(world, bin.Id, language: "en");

        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(home.Person.Token), "/Me/Events", "/Me/Events?handler=Register",
            new() { ["eventId"] = small.ToString(), ["people"] = "2" }));
        Linked(html, "", $"people-{small}");
        NotMarked(html, $"people-{first}");
    }

    [Fact]
    public async Task Declining_an_application_without_an_answer_links_the_refusal_to_that_applications_answer()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var callId = await app.PublishAsync(official, VolunteeringBuilders.CallRequest());
        var applicationId = await app.ApplyAsync((await app.VolunteerCandidateAsync(world, bin.Id)).Person, callId);
        var page = $"/Volunteering/Call/{callId}";

        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(official.Token), page, $"{page}?handler=Decline",
            new() { ["ApplicationId"] = applicationId.ToString(), ["Answer"] = "", ["Confirmed"] = "true" }));
        Linked(html, "", $"answer-{applicationId}"); // the slice names it "Message": before, it linked to nothing
    }

    [Fact]
    public async Task A_result_without_presence_links_the_refusal_to_that_participants_result_not_the_first_ones()
    {
        var academy = await app.AcademyAsync();
        var trainer = await world.AcademyUserAsync(app, academy.Id, lang: "en");
        var session = await app.SessionAsync(academy.Id);
        var first = await app.ParticipantAsync(session.Id, name: "Aspirant Peeters");
        var second = await app.ParticipantAsync(session.Id, name: "Aspirant Janssens");
        var page = $"/Training/Session/{session.Id}";

        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(trainer.Token, "en"), page, $"{page}?handler=Result",
            new() { ["participantId"] = second.Id.ToString(), ["attendance"] = nameof(Attendance.Absent), ["result"] = nameof(TrainingResult.Passed) }));
        Linked(html, "", $"result-{second.Id}");
        NotMarked(html, $"result-{first.Id}");
    }

    [Fact]
    public async Task Erasing_an_attendee_unconfirmed_links_the_request_to_that_attendees_box_not_the_first_ones()
    {
        var centre = app.ClientFor((await world.PersonAsync(Roles.KenniscentrumAdmin)).Token);
        var id = await SteeringCrawl.MeetingAsync(centre);
        (await centre.PostAsJsonAsync($"/api/v1/steering-committee/meetings/{id}/attendees", new { name = "Jan Peeters", organisation = "Politie", role = "Lid" }))
            .EnsureSuccessStatusCode();
        List<int> attendees;
        await using (var db = app.Db()) attendees = await db.SteeringAttendees.Where(a => a.MeetingId == id).OrderBy(a => a.Id).Select(a => a.Id).ToListAsync();
        var url = $"/SteeringCommittee/Meeting/{id}";

        var html = await FormAgainAsync(await Forms.PostAsync(centre, url, $"{url}?handler=Erase", new() { ["attendeeId"] = attendees[1].ToString() }));
        Linked(html, "cannot be undone", $"confirm-{attendees[1]}");
        NotMarked(html, $"confirm-{attendees[0]}");
    }

    [Fact]
    public async Task A_wrong_code_for_the_second_phone_links_the_refusal_to_that_phones_code_field()
    {
        var bin = await world.BinAsync(await world.PlaceAsync(), BinStatus.Active);
        var home = await app.HouseholdAsync(world, bin.Id, language: "en", email: "home@example.test", emailVerified: true,
            phones: [(UiBuilders.Number(), true, false), (UiBuilders.Number(), true, false)]);
        List<int> phones;
        await using (var db = app.Db()) phones = await db.MemberPhones.Where(p => p.MemberId == home.MemberId).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();

        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(home.Person.Token), "/Me/Phones", "/Me/Phones?handler=Verify",
            new() { ["phoneId"] = phones[1].ToString(), ["code"] = "000000" }));
        Linked(html, "", $"code-{phones[1]}");
        NotMarked(html, $"code-{phones[0]}");
    }

    [Fact]
    public async Task A_report_with_an_unreadable_time_links_the_refusal_to_the_time_field()
    {
        var bin = await world.BinAsync(await world.PlaceAsync(), BinStatus.Active);
        var home = await app.HouseholdAsync(world, bin.Id, language: "en");
        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(home.Person.Token), "/Reports/New", "/Reports/New",
            new() { ["OccurredAt"] = "yesterday evening", ["Text"] = "Een verdachte wagen." }));
        Linked(html, "not a valid date and time", "occurred");
    }

    [Fact]
    public async Task Erasing_ones_data_unconfirmed_links_the_request_to_the_box()
    {
        var bin = await world.BinAsync(await world.PlaceAsync(), BinStatus.Active);
        var home = await app.HouseholdAsync(world, bin.Id, language: "en");
        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(home.Person.Token), "/Me/Erase", "/Me/Erase", new()));
        Linked(html, "Tick the box", "erase-confirm");
    }

    [Fact]
    public async Task Confirming_an_account_with_a_refused_password_links_the_refusal_to_the_password_field()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"official.{Guid.NewGuid():N}@test.invalid";
        var user = new AppUser { UserName = email, Email = email, DisplayName = "An Claes", LockoutEnabled = true };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        var code = await users.GenerateEmailConfirmationTokenAsync(user);
        var page = $"/Account/Confirm?userId={user.Id}&code={Uri.EscapeDataString(code)}";

        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(null), page, page, new() { ["UserId"] = user.Id, ["Code"] = code, ["Password"] = "short" }));
        Linked(html, "", "password");
    }

    [Fact]
    public async Task Dissolving_a_bin_unconfirmed_links_the_request_to_the_box()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Draft);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var page = $"/Registry/Details/{bin.Id}";
        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(officer.Token), page, $"{page}?handler=Status",
            new() { ["to"] = nameof(BinStatus.Dissolved), ["reason"] = "Geen kandidaten." }));
        Linked(html, "cannot be undone", "confirmed");
    }

    [Fact]
    public async Task A_resent_sign_up_code_is_a_status_not_an_error()
    {
        var bin = await world.BinAsync(await world.PlaceAsync(), BinStatus.Active);
        var newcomer = await app.HouseholdAsync(world, bin.Id, language: "en", phones: [(UiBuilders.Number(), true, false)]);
        var ticket = BinHub.Pages.Join.VerifyModel.Protector(app.Services.GetRequiredService<IDataProtectionProvider>())
            .Protect(newcomer.MemberId.ToString(), TimeSpan.FromHours(2));
        var page = $"/Join/Verify?t={Uri.EscapeDataString(ticket)}";

        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(null), page, "/Join/Verify?handler=Resend", new() { ["t"] = ticket }));
        Assert.Matches("role=\"status\"><p>A new code is on its way.</p>", html);
        Assert.DoesNotContain("error-summary", html); // "Error: …" in the title and the focus were for refusals only
        Assert.DoesNotContain("<title>Error:", html);
    }

    [Fact]
    public async Task An_unknown_certificate_code_is_a_refusal_linked_to_the_code_field()
    {
        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(null, "en"), "/Certificates/Verify", "/Certificates/Verify",
            new() { ["Code"] = "ZZZZZ-ZZZZZ" }));
        Linked(html, "No certificate has this code", "code"); // before: a status notice below the form, the field unmarked
    }

    [Fact]
    public async Task Ending_a_volunteer_unconfirmed_links_the_request_to_that_volunteers_box_not_the_first_ones()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var callId = await app.PublishAsync(official, VolunteeringBuilders.CallRequest());
        foreach (var _ in new[] { 1, 2 })
        {
            var applicationId = await app.ApplyAsync((await app.VolunteerCandidateAsync(world, bin.Id)).Person, callId);
            (await app.ClientFor(official.Token).PostAsJsonAsync($"/api/v1/volunteering/applications/{applicationId}/accept", new { message = "Welkom" }))
                .EnsureSuccessStatusCode();
        }
        List<int> statuses;
        await using (var db = app.Db()) statuses = await db.VolunteerStatuses.Where(v => v.MunicipalityNis == place.Nis).OrderBy(v => v.Id).Select(v => v.Id).ToListAsync();

        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(official.Token), "/Volunteering/Volunteers", "/Volunteering/Volunteers?handler=End",
            new() { ["StatusId"] = statuses[1].ToString(), ["Reason"] = "Verhuisd" }));
        Linked(html, "", $"end-confirm-{statuses[1]}");
        NotMarked(html, $"end-confirm-{statuses[0]}");
    }
}
