using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace BinHub.Tests.Support;

/// <summary>
/// BinHub whose localizer records every key it was asked for and could not find: a missing key renders as the key itself,
/// which reads like text, so the pages alone cannot tell it apart from a translation.
/// </summary>
public sealed class MissingKeysApp : BinHubApp
{
    public ConcurrentDictionary<string, byte> Missing { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            var registered = s.Last(d => d.ServiceType == typeof(IStringLocalizerFactory));
            s.Remove(registered);
            s.AddSingleton<IStringLocalizerFactory>(sp => new RecordingFactory(
                (IStringLocalizerFactory)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!), Missing));
        });
    }

    private sealed class RecordingFactory(IStringLocalizerFactory inner, ConcurrentDictionary<string, byte> missing) : IStringLocalizerFactory
    {
        public IStringLocalizer Create(Type resourceSource) => new Recording(inner.Create(resourceSource), missing);
        public IStringLocalizer Create(string baseName, string location) => new Recording(inner.Create(baseName, location), missing);
    }

    private sealed class Recording(IStringLocalizer inner, ConcurrentDictionary<string, byte> missing) : IStringLocalizer
    {
        public LocalizedString this[string name] => Seen(inner[name]);
        public LocalizedString this[string name, params object[] arguments] => Seen(inner[name, arguments]);
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);

        private LocalizedString Seen(LocalizedString s)
        {
            if (s.ResourceNotFound) missing.TryAdd($"{s.Name} [{CultureInfo.CurrentUICulture.Name}]", 0);
            return s;
        }
    }
}
