using System.Collections.Concurrent;

namespace BinHub.Tests.Web;

/// <summary>The volunteer programme's objects on each side of the walk: a call of the side's municipality, its household's application and status.</summary>
public partial class OpenApiAuthorisationTests
{
    private sealed record VolunteeringSide(int CallId, int ApplicationId, int StatusId);

    /// <summary>By side tag (the route fillers are static and take the side).</summary>
    private static readonly ConcurrentDictionary<string, VolunteeringSide> VolunteeringIds = new();

    private static VolunteeringSide Vol(string tag) => VolunteeringIds[tag];

    private async Task VolunteeringSideAsync(string tag, World.Place place, MeBuilders.Household home, string householdName)
    {
        await using var db = app.Db();
        var call = new VolunteerCall
        {
            Role = VolunteerRole.Cpa, Title = $"Walk {tag} call", Description = "Scope walk", MunicipalityNis = place.Nis, HoursPerMonth = 2,
            OpenUntil = DateOnly.FromDateTime(app.Clock.Now.UtcDateTime).AddDays(30), PublishedByUserId = "walk", PublishedByName = "walk", CreatedAt = app.Clock.Now,
        };
        db.VolunteerCalls.Add(call);
        await db.SaveChangesAsync();
        var application = new VolunteerApplication { CallId = call.Id, MemberId = home.MemberId, Motivation = householdName, CreatedAt = app.Clock.Now };
        db.VolunteerApplications.Add(application);
        var status = new VolunteerStatus { MemberId = home.MemberId, Role = VolunteerRole.Cpa, MunicipalityNis = place.Nis, RegionCode = place.RegionCode, StartedAt = app.Clock.Now };
        db.VolunteerStatuses.Add(status);
        await db.SaveChangesAsync();
        VolunteeringIds[tag] = new(call.Id, application.Id, status.Id);
    }

    private async Task<string> VolunteeringFingerprintAsync(string tag)
    {
        var v = Vol(tag);
        await using var db = app.Db();
        var application = await db.VolunteerApplications.AsNoTracking().SingleAsync(a => a.Id == v.ApplicationId);
        var status = await db.VolunteerStatuses.AsNoTracking().SingleAsync(s => s.Id == v.StatusId);
        return $"{application.State}:{status.EndedAt}:{await db.VolunteerApplications.CountAsync(a => a.CallId == v.CallId)}";
    }
}
