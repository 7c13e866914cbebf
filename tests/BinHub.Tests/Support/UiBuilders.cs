using BinHub.Features.Messages;
using BinHub.Features.Dispatch;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using BinHub.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;

namespace BinHub.Tests.Support;

/// <summary>Builders for the composer, the dashboards and the web inbox: a BIN with two reachable households, its officer and coordinator.</summary>
public static class UiBuilders
{
    public sealed record Setup(World.Place Place, Bin Bin, World.Person Officer, World.Person Coordinator, MeBuilders.Household Jan, MeBuilders.Household Marie);

    public static async Task<Setup> MessagingSetupAsync(this BinHubApp app, World world, bool approvalNeeded = false)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        if (approvalNeeded)
        {
            await using var db = app.Db();
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.PreventionNeedsOfficerApproval, true));
        }
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone, lang: "en");
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id, lang: "en");
        var jan = await app.HouseholdAsync(world, bin.Id, name: "Jan Peeters", language: "nl", email: null, phones: [(Number(), true, true)]);
        var marie = await app.HouseholdAsync(world, bin.Id, name: "Marie Lambert", language: "fr", email: null, phones: [(Number(), true, true)]);
        return new Setup(place, bin, officer, coordinator, jan, marie);
    }

    public static string Number() => "+32470" + Random.Shared.Next(100000, 999999);

    public static object Alarm(int binId, string nl = "Inbraak bezig in de Kerkstraat", string fr = "Cambriolage en cours rue de l'Église") =>
        new { kind = "Alarm", binIds = new[] { binId }, texts = new Dictionary<string, string> { ["nl"] = nl, ["fr"] = fr } };

    public static async Task<long> SendAsync(this BinHubApp app, string token, object request)
    {
        var response = await app.ClientFor(token).PostAsJsonAsync("/api/v1/messages", request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();
    }

    /// <summary>One dispatcher round, as the background service runs it (with the live pushes when <paramref name="live"/>).</summary>
    public static async Task<int> DispatchRoundAsync(this BinHubApp app, bool live = false)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var senders = Senders.From(sp, "http://localhost", live);
        await using var db = app.Db();
        return await DeliveryDispatcher.RunOnceAsync(db, senders, app.Clock, new DispatchOptions(), NullLogger.Instance, default);
    }
}
