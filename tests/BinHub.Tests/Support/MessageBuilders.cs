using BinHub.Features.Messages;
using BinHub.Features.Dispatch;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;

namespace BinHub.Tests.Support;

/// <summary>Members with exactly the channels a test needs, and dispatcher rounds driven by the test.</summary>
public static class MessageBuilders
{
    public sealed record Phone(string Number, bool Mobile = true, bool Verified = true, bool OptedOut = false);

    public static async Task<Member> HouseholdAsync(this BinHubApp app, int binId, string language = "nl", string? email = null, bool emailVerified = true,
        bool account = false, Channels? urgent = null, Channels? prevention = null, TimeOnly? quietFrom = null, TimeOnly? quietUntil = null,
        bool noNightAlarms = false, DateOnly? pausedFrom = null, DateOnly? pausedUntil = null, MemberState state = MemberState.Active, params Phone[] phones)
    {
        await using var db = app.Db();
        var now = app.Clock.Now;
        var member = new Member
        {
            BinId = binId, Name = $"Household {Guid.NewGuid().ToString()[..6]}", Street = "Kerkstraat", HouseNumber = "1", Email = email,
            EmailVerifiedAt = email is not null && emailVerified ? now : null, Language = language, State = state, ConsentVersion = "2024-1", ConsentAt = now,
            CreatedAt = now, UpdatedAt = now, QuietFrom = quietFrom, QuietUntil = quietUntil, NoNightAlarms = noNightAlarms, PausedFrom = pausedFrom, PausedUntil = pausedUntil,
            UserId = account ? (await new World(app).PersonAsync(Roles.Member, lang: language)).User.Id : null,
            Phones = phones.Select(p => new MemberPhone { Number = p.Number, IsMobile = p.Mobile, Verified = p.Verified, VerifiedAt = p.Verified ? now : null,
                SmsOptOutAt = p.OptedOut ? now : null }).ToList(),
        };
        if (urgent is { } u) member.UrgentChannels = member.FeedbackChannels = u;
        if (prevention is { } p2) member.PreventionChannels = p2;
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return member;
    }

    public static string Mobile() => $"+32476{Random.Shared.Next(100000, 999999)}";

    /// <summary>Rounds until nothing is due, with the app's configured edges (Kannel, SMTP or the dev outbox).</summary>
    public static async Task<int> DispatchAllAsync(this BinHubApp app, ISmsSender? sms = null, IEmailSender? email = null, IVoiceSender? voice = null,
        DispatchOptions? options = null, CancellationToken ct = default, ISmsRoom? smsRoom = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var senders = Senders.From(sp, "http://binhub.test", live: false, sms, email, voice);
        if (smsRoom is not null) senders = senders with { SmsRoom = smsRoom };
        var total = 0;
        for (var round = 0; round < 1000; round++)
        {
            await using var db = app.Db();
            var n = await DeliveryDispatcher.RunOnceAsync(db, senders, app.Clock, options ?? new DispatchOptions(), NullLogger.Instance, ct);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
