using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Events;
using BinHub.Features.Me;
using BinHub.Features.Members;
using BinHub.Features.SteeringCommittee;
using BinHub.Features.Volunteering;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Seeding;

/// <summary>
/// The Kenniscentrum's work in the demo: good practices, the training registry, a volunteer call, an event next week and last
/// year's steering committee meeting. Everything goes through the slices people use (as the demo account who would do it), so
/// the demo data passes the same checks, audit lines and e-mails as real data; a slice that refuses stops the demo loudly.
/// </summary>
public static class DemoWork
{
    /// <summary>The demo's people and BINs the Kenniscentrum's work is done by and for.</summary>
    public sealed record Cast(AppUser Kenniscentrum, AppUser OfficerGent, AppUser Municipality, AppUser Coordinator, AppUser CoordinatorAntwerpen,
        AppUser Academy, Bin Gent, Bin Antwerpen);

    /// <summary>What a newcomer can try that is not an account: shown with the accounts, once.</summary>
    public sealed record Result(string CertificateCode);

    public static async Task<Result> RunAsync(BinHubDb db, TimeProvider clock, IStringLocalizer L, string publicUrl, Cast cast, CancellationToken ct)
    {
        var kc = As(cast.Kenniscentrum, Roles.KenniscentrumAdmin);
        await DemoPractices.RunAsync(db, clock, L, publicUrl, kc, As(cast.OfficerGent, Roles.PoliceOfficer),
            As(cast.Coordinator, Roles.Coordinator, cast.Gent.Id), As(cast.CoordinatorAntwerpen, Roles.Coordinator, cast.Antwerpen.Id), cast.Gent.Id, ct);
        var code = await DemoTraining.RunAsync(db, clock, L, publicUrl, kc, As(cast.Academy, Roles.PoliceAcademy), cast, ct);

        // Two households of the Gent BIN sign in as members do: the demo member (has an account) and a neighbour (gets one now).
        var now = clock.GetUtcNow();
        var jozef = await db.Members.SingleAsync(m => m.BinId == cast.Gent.Id && m.UserId != null, ct);
        var ahmed = await db.Members.SingleAsync(m => m.BinId == cast.Gent.Id && m.Name == "Ahmed Benali", ct);
        var jozefActor = Household(jozef.UserId!);
        var ahmedActor = Household(await MemberSignIn.EnsureAccountAsync(db, ahmed, now, ct));
        await VolunteeringAsync(db, clock, L, publicUrl, As(cast.Municipality, Roles.MunicipalityOfficial), jozefActor, ahmedActor, ct);
        await EventAsync(db, clock, L, As(cast.Coordinator, Roles.Coordinator, cast.Gent.Id), cast.Gent.Id, jozefActor, ahmedActor, ct);
        await SteeringMeetingAsync(db, clock, L, kc, ct);
        return new Result(code);
    }

    /// <summary>
    /// Stad Gent looks for Cyber Prevention Advisers. The demo member opted in to hear about calls (so the call reaches the dev
    /// outbox) and applied; the application stays open for the municipality to screen. A neighbour applied and was accepted.
    /// </summary>
    private static async Task VolunteeringAsync(BinHubDb db, TimeProvider clock, IStringLocalizer L, string publicUrl, Actor municipality, Actor jozef,
        Actor ahmed, CancellationToken ct)
    {
        Ok(await MyVolunteering.SetOptInAsync(db, clock, jozef, new MyVolunteering.OptIn(true), ct), "opt-in");
        var today = MeScope.Today(clock);
        var call = Ok(await PublishCall.HandleAsync(db, clock, municipality, new PublishCall.Request(nameof(VolunteerRole.Cpa),
            "Cyberpreventieadviseurs (CPA) gezocht in Gent",
            "Help je buren veilig online: je geeft twee keer per maand een korte infosessie over phishing, sterke wachtwoorden en " +
            "oplichting via sociale media, in het buurthuis of aan huis bij oudere leden van je BIN.",
            null, null, 4, "BIN-opleiding (module 3) en de opleiding cyberpreventie van de Stad Gent", today.AddMonths(2)), publicUrl, L, ct), "volunteer call");
        var accepted = Ok(await MyVolunteering.ApplyAsync(db, clock, ahmed, call.Id,
            new MyVolunteering.ApplyRequest("Ik werk als IT-beheerder en help mijn buren nu al met hun computer."), L, publicUrl, ct), "application");
        Ok(await DecideApplication.AcceptAsync(db, clock, municipality, accepted.Id,
            new DecideApplication.Request("Welkom! De eerste opleiding cyberpreventie volgt in het buurthuis."), L, ct), "acceptance");
        Ok(await MyVolunteering.ApplyAsync(db, clock, jozef, call.Id,
            new MyVolunteering.ApplyRequest("Als gepensioneerde heb ik tijd, en ik geef graag uitleg aan de oudere buren."), L, publicUrl, ct), "open application");
    }

    /// <summary>An information evening of the Gent BIN next week with two households registered: their reminders wait in the outbox.</summary>
    private static async Task EventAsync(BinHubDb db, TimeProvider clock, IStringLocalizer L, Actor coordinator, int binId, Actor jozef, Actor ahmed,
        CancellationToken ct)
    {
        var starts = BrusselsTime.StartOfDay(MeScope.Today(clock).AddDays(7)).AddHours(19.5);
        var e = Ok(await SaveEvent.CreateAsync(db, clock, coordinator, new SaveEvent.Request(EventKind.InformationEvening, "Infoavond: veilig op vakantie",
            "De wijkinspecteur vertelt hoe je je woning beveiligt als je op reis gaat en hoe het vakantietoezicht van de politie werkt. Koffie en vlaai voorzien.",
            starts, starts.AddHours(2), "Buurthuis De Brugse Poort, Phoenixstraat 2", null, 40, ["nl"], EventAudience.Bin, BinId: binId), L, ct), "event");
        Ok(await RegisterForEvent.RegisterAsync(db, clock, jozef, e.Id, new RegisterForEvent.Request(2), L, ct), "registration");
        Ok(await RegisterForEvent.RegisterAsync(db, clock, ahmed, e.Id, new RegisterForEvent.Request(1), L, ct), "registration");
    }

    /// <summary>Last year's meeting of the federal steering committee, beside the figures the annual report computes.</summary>
    private static async Task SteeringMeetingAsync(BinHubDb db, TimeProvider clock, IStringLocalizer L, Actor kc, CancellationToken ct)
    {
        var year = BrusselsTime.ToBrussels(clock.GetUtcNow()).Year - 1;
        var meeting = Ok(await SaveMeeting.HandleAsync(db, clock, kc, null, new SaveMeeting.Request(year, new DateOnly(year, 11, 20),
            "FOD Binnenlandse Zaken, Leuvenseweg 1, Brussel",
            "Goedkeuring van het verslag van vorig jaar\nJaarcijfers BIN en BIN-Z per gewest\nVrijwilligersprogramma 2.0 en Cyber Prevention Advisers\n" +
            "Gestandaardiseerde BIN-opleiding in de politiescholen\nVaria"), L, ct), "steering meeting");
        foreach (var (name, organisation, role) in new[]
                 {
                     ("An Peeters", "BIN Kenniscentrum", "voorzitter"),
                     ("Nathalie Dubois", "FOD Binnenlandse Zaken – AD Veiligheid en Preventie", "secrétaire"),
                     ("Wim Hermans", "Oost-Vlaamse Politieschool", ""),
                     ("Isabelle Lambert", "Commission Permanente de la Police Locale", ""),
                 })
            Ok(await MeetingAttendees.AddAsync(db, clock, kc, meeting.Id, new MeetingAttendees.Request(name, organisation, role), L, ct), "attendee");
        Ok(await MeetingDecisions.AddAsync(db, clock, kc, meeting.Id, new MeetingDecisions.Request(
            "Elke politieschool geeft vanaf volgend jaar de BIN-opleiding op curriculumversie 2026.1.", "BIN Kenniscentrum", new DateOnly(year + 1, 9, 1)), L, ct), "decision");
        Ok(await MeetingDecisions.AddAsync(db, clock, kc, meeting.Id, new MeetingDecisions.Request(
            "Les communes lancent chacune au moins un appel à Cyber Prevention Advisers.", "AD Sécurité et Prévention", new DateOnly(year + 1, 6, 30)), L, ct), "decision");
    }

    internal static Actor As(AppUser u, string role, params int[] coordinated) =>
        new(u.Id, u.DisplayName, new HashSet<string> { role }, u.PoliceZoneNumber, u.MunicipalityNis, coordinated, null) { AcademyId = u.AcademyId };

    private static Actor Household(string userId) => new(userId, "member", new HashSet<string> { Roles.Member }, null, null, [], null);

    /// <summary>The slice's answer, or the demo stops: demo data that a slice refuses would not be valid data.</summary>
    internal static T Ok<T>(Outcome<T> outcome, string what) => outcome switch
    {
        Outcome<T>.Ok ok => ok.Value,
        Outcome<T>.Invalid i => throw new InvalidOperationException($"Demo {what} refused: {string.Join("; ", i.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))}"),
        _ => throw new InvalidOperationException($"Demo {what} refused: {outcome}"),
    };
}
