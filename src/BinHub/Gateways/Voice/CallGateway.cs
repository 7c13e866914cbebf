namespace BinHub.Gateways.Voice;

/// <summary>How one call ended.</summary>
public enum CallOutcome { Confirmed, AnsweredNotConfirmed, NoAnswer, Busy, Rejected, Failed }

/// <summary>The states of one call as they happen (reported through <see cref="IProgress{T}"/>).</summary>
public enum CallProgress { Dialling, Ringing, Answered, AudioStarted, DigitReceived }

/// <summary>One call: dial, play the audio when answered, listen for digits, hang up.</summary>
/// <param name="ToE164">The member's number, E.164 (+32…).</param>
/// <param name="AudioPath">Telephony WAV (8 kHz mono 16-bit PCM) on a disk the call engine reads.</param>
/// <param name="MaxReplays">How often <paramref name="ReplayDigit"/> plays the message again.</param>
/// <param name="RingTimeout">How long it may ring before the call counts as not answered (default 30 s).</param>
/// <param name="ListenAfterAudio">How long after the message a digit is still awaited (default 8 s).</param>
/// <param name="ThanksPath">Played after the confirming digit, before hanging up ("thank you, your confirmation is noted"), so
/// the member knows the key press counted; null hangs up at once. Same format as <paramref name="AudioPath"/>.</param>
public sealed record CallRequest(string ToE164, string AudioPath, char ConfirmDigit = '1', char ReplayDigit = '2', int MaxReplays = 2,
    TimeSpan? RingTimeout = null, TimeSpan? ListenAfterAudio = null, string? ThanksPath = null);

/// <param name="AnsweredAt">When the member picked up; null when nobody answered.</param>
/// <param name="AnswerToAudio">From the answer to the adapter's audio start (the engine's command acknowledged).</param>
/// <param name="Duration">Talk time: from the answer to the hang-up; null when nobody answered.</param>
/// <param name="Detail">Why, in words for the log and the delivery record: the SIP reply ("486 Busy Here"), the digit, the
/// number of replays. Never personal data beyond what the caller passed in.</param>
public sealed record CallResult(CallOutcome Outcome, DateTimeOffset? AnsweredAt, TimeSpan? AnswerToAudio, TimeSpan? Duration, string? Detail);

/// <summary>The call engine's state for the admin page and <c>/health</c>.</summary>
/// <param name="Connected">At least one channel's engine answers (new calls can be placed).</param>
/// <param name="Since">Since when <paramref name="Connected"/> has had its current value.</param>
/// <param name="LastError">The latest connection error of any channel, null if none ever happened.</param>
/// <param name="ChannelsConnected">Channels whose engine answers, of <paramref name="Channels"/>.</param>
public sealed record CallGatewayHealth(bool Connected, DateTimeOffset Since, string? LastError, int CallsInProgress, int ChannelsConnected, int Channels);

public interface ICallGateway
{
    /// <summary>How many calls may run at once (Voice:Channels, the trunk's capacity).</summary>
    int Channels { get; }

    /// <summary>
    /// Places one call and returns its outcome; <paramref name="progress"/> reports the states as they happen. Never throws for a
    /// call that went wrong (that is an outcome, Failed with the reason); throws <see cref="CallGatewayUnavailableException"/>
    /// when the call engine cannot be reached at all (nothing was dialled), so the caller can keep the row waiting instead of
    /// failing it. Waits for a free channel when all are busy. Cancelling hangs the call up and throws.
    /// </summary>
    Task<CallResult> CallAsync(CallRequest request, IProgress<CallProgress>? progress, CancellationToken ct);

    CallGatewayHealth Health { get; }
}

/// <summary>The call engine cannot be reached: nothing was dialled, the call may be placed again later.</summary>
public sealed class CallGatewayUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The call gateway's settings, bound from "Voice" (next to <see cref="VoiceOptions"/>, which renders the audio).
/// One baresip process per channel (see <see cref="BaresipCallGateway"/> for why), each with its own ctrl_tcp port.
/// </summary>
public sealed class CallOptions
{
    /// <summary>Baresip, or empty/None: no calls (the default; nothing registers <see cref="ICallGateway"/>).</summary>
    public string? Calls { get; set; }

    /// <summary>Calls at once = baresip processes (the trunk's capacity). Ignored when <see cref="ControlPorts"/> is set.</summary>
    public int Channels { get; set; } = 8;

    public string ControlHost { get; set; } = "127.0.0.1";

    /// <summary>ctrl_tcp port of channel 0; channel i listens on ControlPort + i (tools/voice/start.sh starts them so).</summary>
    public int ControlPort { get; set; } = 15100;

    /// <summary>Explicit ctrl_tcp ports, one per channel (overrides <see cref="Channels"/> and <see cref="ControlPort"/>).</summary>
    public int[]? ControlPorts { get; set; }

    /// <summary>Number → SIP URI; {number} is the E.164 number. Production: <c>sip:{number}@trunk.example;user=phone</c>.</summary>
    public string DialTemplate { get; set; } = "sip:{number}@127.0.0.1";

    /// <summary>Per-number SIP URIs (<c>Voice:Dial:+3250123456 = sip:phone@127.0.0.1:15201</c>); tests map members to phones.</summary>
    public Dictionary<string, string> Dial { get; set; } = new();

    /// <summary>The From user of every call (the number members see), e.g. the operator-assigned +32 number.</summary>
    public string CallerId { get; set; } = "binhub";

    /// <summary>The From display name of every call.</summary>
    public string CallerName { get; set; } = "BinHub";

    /// <summary>
    /// The baresip account line the adapter creates in each engine (<c>uanew</c>) on connect; {callerId} and {callerName} are
    /// filled in. Default: loopback without registrar. Production, registering to the operator's trunk:
    /// <c>"{callerName}" &lt;sip:{callerId}@trunk.example&gt;;auth_user=…;auth_pass=…;outbound="sip:trunk.example;transport=tcp";regint=600;audio_codecs=pcma,pcmu</c>
    /// (put the password in the environment or a secret store, never in the repository).
    /// </summary>
    public string Account { get; set; } = "\"{callerName}\" <sip:{callerId}@127.0.0.1>;regint=0;answermode=manual;audio_codecs=pcmu,pcma";

    /// <summary>Where the copies of the messages with the listening time appended are kept (default: under Voice:AudioDirectory).</summary>
    public string? CallAudioDirectory { get; set; }

    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Reconnect backoff: starts at 250 ms, doubles up to this.</summary>
    public TimeSpan ReconnectMax { get; set; } = TimeSpan.FromSeconds(5);

    public int[] Ports() => ControlPorts is { Length: > 0 } p ? p : Enumerable.Range(ControlPort, Channels).ToArray();

    /// <summary>The account's address (what <c>uafind</c> looks for): the URI between &lt; and &gt; without its parameters.</summary>
    public string AccountLine() => Account.Replace("{callerId}", CallerId).Replace("{callerName}", CallerName);

    public string Aor()
    {
        var line = AccountLine();
        int open = line.IndexOf('<'), close = line.IndexOf('>');
        var uri = open >= 0 && close > open ? line[(open + 1)..close] : line;
        var semi = uri.IndexOf(';');
        return semi >= 0 ? uri[..semi] : uri;
    }

    public string UriFor(string e164) =>
        Dial.TryGetValue(e164, out var uri) && !string.IsNullOrWhiteSpace(uri) ? uri.Trim() : DialTemplate.Replace("{number}", e164);

    /// <summary>A configuration that makes no sense stops start-up with one line naming the key.</summary>
    public void Validate()
    {
        if (ControlPorts is not { Length: > 0 } && Channels is < 1 or > 64) throw new InvalidOperationException("Voice:Channels must be 1 to 64.");
        if (Ports().Any(p => p is < 1 or > 65535) || Ports().Distinct().Count() != Ports().Length)
            throw new InvalidOperationException("Voice:ControlPort/ControlPorts must be distinct TCP ports.");
        if (!DialTemplate.Contains("{number}") || !IsSipUri(DialTemplate))
            throw new InvalidOperationException("Voice:DialTemplate must be a sip: URI containing {number}.");
        foreach (var (number, uri) in Dial)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(number, @"^\+[1-9][0-9]{6,14}$"))
                throw new InvalidOperationException($"Voice:Dial:{number}: the key must be an E.164 number (+32…).");
            if (!IsSipUri(uri)) throw new InvalidOperationException($"Voice:Dial:{number} must be a sip: URI.");
        }
        if (string.IsNullOrWhiteSpace(CallerId) || CallerId.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or '@' or ';' or '"'))
            throw new InvalidOperationException("Voice:CallerId must be a SIP user part (e.g. +3225551234), without spaces.");
        if (CallerName.Contains('"')) throw new InvalidOperationException("Voice:CallerName must not contain a double quote.");
        if (!Aor().StartsWith("sip:", StringComparison.OrdinalIgnoreCase) && !Aor().StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("Voice:Account must be a baresip account line: \"name\" <sip:user@host>;params.");
        if (CommandTimeout <= TimeSpan.Zero || ReconnectMax <= TimeSpan.Zero)
            throw new InvalidOperationException("Voice:CommandTimeout and Voice:ReconnectMax must be positive.");
    }

    private static bool IsSipUri(string s) =>
        (s.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || s.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
        && !s.Any(char.IsWhiteSpace);
}
