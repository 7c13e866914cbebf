using BinHub.Data;
using BinHub.Features.Dispatch;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace BinHub.Tests.Support;

/// <summary>One round of the one sending engine over every channel, with the edges a test chooses (no reports, no live pushes).</summary>
public static class TestDispatch
{
    public static Task<int> RunAsync(BinHubDb db, IEmailSender email, ISmsSender sms, TimeProvider clock, ILogger log, CancellationToken ct,
        IVoiceSender? voice = null, KannelOptions? kannel = null) =>
        DeliveryDispatcher.RunOnceAsync(db, new Senders(sms, email, voice ?? new DevOutboxVoiceSender(), Localizer.Instance, "http://binhub.test",
            Kannel: kannel), clock, new DispatchOptions(), log, ct);

    private sealed class Localizer : IStringLocalizer
    {
        public static readonly Localizer Instance = new();
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, name);
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
