using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BinHub.Gateways;

public static class Messaging
{
    /// <summary>
    /// The message edges, chosen by configuration: <c>Email:Provider</c> = DevOutbox | Smtp and <c>Sms:Provider</c> =
    /// DevOutbox | Kannel, <c>Voice:Calls</c> = None | Baresip. A provider that is asked for but not configured stops the start with a clear message.
    /// </summary>
    public static IServiceCollection AddBinHubMessaging(this IServiceCollection services, IConfiguration config)
    {
        var smtp = config.GetSection("Email:Smtp").Get<SmtpOptions>() ?? new SmtpOptions();
        smtp.From = config["Email:From"] ?? smtp.From;
        services.AddSingleton(smtp);
        switch (config["Email:Provider"] ?? "DevOutbox")
        {
            case "Smtp" when string.IsNullOrWhiteSpace(smtp.Host):
                throw new InvalidOperationException("Email:Provider is Smtp but Email:Smtp:Host is empty.");
            case "Smtp": services.AddSingleton<IEmailSender, SmtpEmailSender>(); break;
            case "DevOutbox": services.AddSingleton<IEmailSender, DevOutboxEmailSender>(); break;
            case var other: throw new InvalidOperationException($"Email:Provider must be DevOutbox or Smtp, not '{other}'.");
        }

        services.Configure<SmsOptions>(config.GetSection("Sms"));
        var sms = config.GetSection("Sms").Get<SmsOptions>() ?? new SmsOptions();
        switch (sms.Provider)
        {
            case "Kannel" when string.IsNullOrWhiteSpace(sms.Kannel.InboundSecret) || sms.Kannel.InboundSecret.Length < 16:
                throw new InvalidOperationException("Sms:Provider is Kannel: set Sms:Kannel:InboundSecret (16 characters or more).");
            case "Kannel":
                services.AddSingleton(sms.Kannel);
                services.AddHttpClient<ISmsSender, KannelSmsSender>(c => c.Timeout = TimeSpan.FromSeconds(10));
                break;
            case "DevOutbox": services.AddSingleton<ISmsSender, DevOutboxSmsSender>(); break;
            default: throw new InvalidOperationException($"Sms:Provider must be DevOutbox or Kannel, not '{sms.Provider}'.");
        }

        var voice = config.GetSection("Voice").Get<VoiceOptions>() ?? new VoiceOptions();
        voice.AudioDirectory ??= Path.Combine(config["DataDirectory"] ?? Path.Combine(Directory.GetCurrentDirectory(), "data"), "voice");
        services.AddSingleton(voice);
        // espeak-ng is used wherever it is installed; a developer machine without it keeps the text in the dev outbox.
        switch (voice.Provider ?? (EspeakVoiceSender.IsInstalled(voice.Espeak) ? "Espeak" : "DevOutbox"))
        {
            case "Espeak": services.AddSingleton<IVoiceSender, EspeakVoiceSender>(); services.AddSingleton<ICallAudio, CallAudio>(); break;
            case "DevOutbox": services.AddSingleton<IVoiceSender, DevOutboxVoiceSender>(); services.AddSingleton<ICallAudio, DevOutboxCallAudio>(); break;
            case var other: throw new InvalidOperationException($"Voice:Provider must be Espeak or DevOutbox, not '{other}'.");
        }

        // Calls to landlines (issue 13): only when asked for, so nothing changes where no call engine runs.
        var calls = config.GetSection("Voice").Get<CallOptions>() ?? new CallOptions();
        switch (calls.Calls ?? "None")
        {
            case "Baresip":
                calls.Validate();
                calls.CallAudioDirectory ??= Path.Combine(voice.AudioDirectory, "calls");
                services.AddSingleton(calls);
                services.AddSingleton<ICallGateway>(sp => new BaresipCallGateway(calls, sp.GetRequiredService<ILogger<BaresipCallGateway>>(),
                    sp.GetService<TimeProvider>()));
                services.AddHealthChecks().AddCheck<CallEngineHealthCheck>("calls", HealthStatus.Degraded);
                break;
            case "" or "None" or "none": break;
            case var other: throw new InvalidOperationException($"Voice:Calls must be Baresip or None, not '{other}'.");
        }
        return services;
    }
}
