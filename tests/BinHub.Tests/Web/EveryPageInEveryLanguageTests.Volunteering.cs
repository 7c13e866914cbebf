namespace BinHub.Tests.Web;

/// <summary>The volunteer programme's data behind its pages: a call of the municipality (with a registry session), one accepted and one open application.</summary>
public partial class EveryPageInEveryLanguageTests
{
    private async Task VolunteeringDataAsync(World world, int binId, World.Person municipality, MeBuilders.Household home,
        Dictionary<string, Dictionary<string, string>> ids)
    {
        // The call names an upcoming session of the registry, so the pages show the session and the accepted volunteer's registration.
        var session = await app.SessionAsync((await app.AcademyAsync()).Id, BinHub.Features.Training.TrainingScope.Today(app.Clock).AddDays(20));
        var call = await app.PublishAsync(municipality, VolunteeringBuilders.CallRequest(title: "Cyberpreventieadviseur gezocht", training: "BIN-opleiding cyberpreventie",
            session: session.Id));
        var accepted = await app.ApplyAsync(home.Person, call, "Ik help graag mijn buren.");
        await app.ClientFor(municipality.Token).PostAsJsonAsync($"/api/v1/volunteering/applications/{accepted}/accept", new { message = "Welkom in het team." });
        var neighbour = await app.VolunteerCandidateAsync(world, binId, "nl");
        await app.ApplyAsync(neighbour.Person, call, "Ik heb 's avonds tijd.");
        // A second call the household has not answered: its page shows the form to apply.
        await app.PublishAsync(municipality, VolunteeringBuilders.CallRequest(role: "EventHelper", title: "Helpers voor de BIN-dag", training: null));
        ids["/Volunteering/Call"] = new() { ["id"] = call.ToString() };
    }
}
