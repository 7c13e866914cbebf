using System.Threading.Channels;

namespace BinHub.Gateways.Voice;

/// <summary>
/// Calls through baresip 1.0.0, one process per channel, each driven over its ctrl_tcp connection.
/// <para>
/// Why one process per channel: baresip's <c>ausrc</c> command switches the audio source of every call of the current user
/// agent (and the default for new calls), and no command in 1.0.0 addresses one call's audio; <c>hangup</c>, <c>sndcode</c>
/// and <c>ausrc</c> act on "the current call". One call per process makes "the current call" unambiguous, gives every call its
/// own audio, and a crash costs one channel, not all.
/// </para>
/// <para>
/// One call, in commands and events (see README, "Calls"): <c>uafind &lt;aor&gt;</c> (our account current), <c>ausrc
/// aubridge,binhub-idle</c> (a source that sends nothing: with early media, 183 + SDP, baresip starts the source while it
/// still rings and the message would be half gone at the answer), <c>dial &lt;uri&gt;</c> → <c>CALL_RINGING</c> |
/// <c>CALL_PROGRESS</c> → <c>CALL_ESTABLISHED</c> → <c>ausrc aufile,&lt;message + listening time&gt;</c> (restarts the file;
/// also for a replay) → <c>CALL_DTMF_START</c> (param = the digit; after a 1, <c>ausrc aufile,&lt;thank-you&gt;</c> and its
/// length) → <c>hangup</c> → <c>CALL_CLOSED</c> (param = the reason,
/// "486 Busy Here", "Connection reset by user" …). The call id (<c>id</c> in every call event) ties events to the call;
/// events of calls that ended earlier are ignored.
/// </para>
/// </summary>
public sealed class BaresipCallGateway : ICallGateway, IAsyncDisposable
{
    public const string IdleSource = "aubridge,binhub-idle";

    private sealed class Line(BaresipControl control, int index)
    {
        public BaresipControl Control { get; } = control;
        public int Index { get; } = index;
        public bool Busy;
        /// <summary>0 = setting up after a connect, 1 = ready, 2 = the account could not be created.</summary>
        public volatile int State;
        public volatile Channel<BaresipEvent>? Inbox;
        public readonly Queue<string> Finished = new();
        public bool WasFinished(string id) { lock (Finished) return Finished.Contains(id); }
        public void Finish(string id) { lock (Finished) { Finished.Enqueue(id); while (Finished.Count > 64) Finished.Dequeue(); } }
    }

    private static readonly BaresipEvent Lost = new("__LOST__", null, null, null, null, null, null, "");

    private readonly CallOptions options;
    private readonly ILogger<BaresipCallGateway> log;
    private readonly TimeProvider clock;
    private readonly string audioDirectory;
    private readonly Line[] lines;
    private readonly object gate = new();
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool lastConnected;
    private DateTimeOffset since;

    public BaresipCallGateway(CallOptions options, ILogger<BaresipCallGateway> log, TimeProvider? clock = null, string? audioDirectory = null)
    {
        options.Validate();
        (this.options, this.log) = (options, log);
        this.clock = clock ?? TimeProvider.System;
        this.audioDirectory = Path.GetFullPath(options.CallAudioDirectory ?? audioDirectory ?? Path.Combine(Path.GetTempPath(), "binhub-call-audio"));
        // baresip 1.0.0's ausrc command copies the device (our file's path) into 128 bytes: a longer path would be cut.
        if (System.Text.Encoding.UTF8.GetByteCount(this.audioDirectory) + 1 + 28 > 127)
            throw new InvalidOperationException($"Voice:CallAudioDirectory is too long for baresip (at most 98 bytes): {this.audioDirectory}");
        since = this.clock.GetUtcNow();
        lines = options.Ports().Select((port, i) =>
            new Line(new BaresipControl(options.ControlHost, port, options.CommandTimeout, options.ReconnectMax, log, this.clock), i)).ToArray();
        foreach (var line in lines)
        {
            line.Control.EventReceived += ev => line.Inbox?.Writer.TryWrite(ev);
            line.Control.ConnectionChanged += up =>
            {
                if (up) _ = SetUpAsync(line);
                else { line.State = 0; line.Inbox?.Writer.TryWrite(Lost); Changed(); }
            };
            line.Control.Start();
        }
    }

    public int Channels => lines.Length;

    public CallGatewayHealth Health
    {
        get
        {
            lock (gate)
            {
                var up = lines.Count(l => l.Control.Connected);
                if ((up > 0) != lastConnected) { lastConnected = up > 0; since = clock.GetUtcNow(); }
                var error = lines.Where(l => l.Control.LastError is not null).OrderByDescending(l => l.Control.Since).FirstOrDefault();
                return new CallGatewayHealth(up > 0, since, error is null ? null : $"{error.Control.Endpoint}: {error.Control.LastError}",
                    lines.Count(l => l.Busy), up, lines.Length);
            }
        }
    }

    /// <summary>After every connect: our account exists in this engine and is the current one; a call left over from a
    /// dropped connection is hung up.</summary>
    private async Task SetUpAsync(Line line)
    {
        line.State = 0;
        try
        {
            var aor = options.Aor();
            var found = await line.Control.CommandAsync("uafind", aor, CancellationToken.None);
            if (!found.Ok)
            {
                var created = await line.Control.CommandAsync("uanew", options.AccountLine(), CancellationToken.None);
                found = await line.Control.CommandAsync("uafind", aor, CancellationToken.None);
                if (!created.Ok || !found.Ok) throw new InvalidOperationException($"baresip did not take the account ({created.Data.Trim()})");
            }
            await line.Control.CommandAsync("hangup", null, CancellationToken.None);
            line.State = 1;
        }
        catch (CallGatewayUnavailableException) { line.State = 0; }
        catch (Exception e)
        {
            line.State = 2;
            log.LogError(e, "baresip {Endpoint}: could not set up the account {Aor}", line.Control.Endpoint, options.Aor());
        }
        Changed();
    }

    private void Changed()
    {
        TaskCompletionSource old;
        lock (gate)
        {
            old = changed;
            changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            var up = lines.Any(l => l.Control.Connected);
            if (up != lastConnected) { lastConnected = up; since = clock.GetUtcNow(); }
        }
        old.TrySetResult();
    }

    private async Task<Line> AcquireAsync(CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (gate)
            {
                var free = lines.FirstOrDefault(l => !l.Busy && l.State == 1 && l.Control.Connected);
                if (free is not null) { free.Busy = true; return free; }
                if (!lines.Any(l => l.Control.Connected && l.State != 2))
                {
                    var error = lines.Select(l => l.Control.LastError).FirstOrDefault(e => e is not null);
                    throw new CallGatewayUnavailableException($"no call engine reachable ({string.Join(", ", lines.Select(l => l.Control.Endpoint))})"
                        + (error is null ? "" : $": {error}"));
                }
                wait = changed.Task;
            }
            // A channel frees up, or an engine connects or drops; look again at least every second.
            await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(1), clock, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    private void Release(Line line)
    {
        lock (gate) line.Busy = false;
        Changed();
    }

    public async Task<CallResult> CallAsync(CallRequest request, IProgress<CallProgress>? progress, CancellationToken ct)
    {
        var listen = request.ListenAfterAudio ?? TimeSpan.FromSeconds(8);
        CallPadding.Prepared audio;
        CallPadding.Prepared? thanks = null;
        try
        {
            if (string.IsNullOrWhiteSpace(request.ToE164)) throw new InvalidDataException("no number to call");
            // Two seconds beyond the listening time: our own timer, not the end of the file, decides when to hang up.
            audio = await CallPadding.PrepareAsync(request.AudioPath, listen + TimeSpan.FromSeconds(2), audioDirectory, ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return new CallResult(CallOutcome.Failed, null, null, null, e.Message);
        }
        if (request.ThanksPath is { } thanksPath)
        {
            // Prepared before dialling: nothing can fail in the middle of the call. Without it the call still works (it hangs up).
            try { thanks = await CallPadding.PrepareAsync(thanksPath, TimeSpan.FromSeconds(2), audioDirectory, ct); }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                log.LogWarning("The thank-you clip cannot be played ({Reason}); confirmed calls hang up at once", e.Message);
            }
        }
        var uri = options.UriFor(request.ToE164);
        var line = await AcquireAsync(ct);
        try
        {
            var result = await RunAsync(line, request, audio, thanks, uri, listen, progress, ct);
            log.LogInformation("Call to …{Number} on channel {Channel}: {Outcome} ({Detail})", Tail(request.ToE164), line.Index, result.Outcome, result.Detail);
            return result;
        }
        finally { Release(line); }
    }

    private static string Tail(string number) => number.Length > 3 ? number[^3..] : number;

    private async Task<CallResult> RunAsync(Line line, CallRequest request, CallPadding.Prepared audio, CallPadding.Prepared? thanks, string uri, TimeSpan listen,
        IProgress<CallProgress>? progress, CancellationToken ct)
    {
        var inbox = Channel.CreateUnbounded<BaresipEvent>(new UnboundedChannelOptions { SingleReader = true });
        var control = line.Control;
        string? callId = null;
        DateTimeOffset? answeredAt = null;
        TimeSpan? answerToAudio = null;
        CallOutcome? decided = null;
        string? detail = null, audioError = null;
        var replays = 0;
        var ringing = false;
        var dialled = false;
        try
        {
            progress?.Report(CallProgress.Dialling);
            var current = await control.CommandAsync("uafind", options.Aor(), ct);
            if (!current.Ok) return new CallResult(CallOutcome.Failed, null, null, null, $"baresip has no account {options.Aor()}: {current.Data.Trim()}");
            // A call the engine still holds (one that never closed) would take our commands too: ausrc and hangup act on the
            // account's calls. Measured: an unanswered INVITE to an address that never replies lingers for 32 s.
            for (var i = 0; i < 4 && ActiveCalls((await control.CommandAsync("listcalls", null, ct)).Data) > 0; i++)
                await control.CommandAsync("hangup", null, ct);
            await control.CommandAsync("ausrc", IdleSource, ct);
            // From here on, the call's events (they can come before the answer to dial) are ours.
            line.Inbox = inbox;
            var dial = await control.CommandAsync("dial", uri, ct);
            if (!dial.Ok) return new CallResult(CallOutcome.Failed, null, null, null, $"baresip refused to dial: {dial.Data.Trim()}");
            dialled = true;
            var deadline = clock.GetUtcNow() + (request.RingTimeout ?? TimeSpan.FromSeconds(30));
            var hangingUp = false;
            var thanking = false;

            async Task HangUpAsync()
            {
                if (hangingUp) return;
                hangingUp = true;
                await control.CommandAsync("hangup", null, CancellationToken.None);
                // CALL_CLOSED follows at once (before the answer, in fact); if it does not come, stop waiting soon.
                deadline = clock.GetUtcNow() + options.CommandTimeout;
            }

            async Task PlayAsync()
            {
                var started = await control.CommandAsync("ausrc", $"aufile,{audio.Path}", ct);
                // baresip 1.0.0 answers ok even when the source could not be opened; the words say it.
                if (!started.Ok || started.Data.Contains("failed", StringComparison.OrdinalIgnoreCase) || started.Data.Contains("no such", StringComparison.OrdinalIgnoreCase))
                    throw new InvalidOperationException($"baresip could not play the audio: {started.Data.Trim()}");
                deadline = clock.GetUtcNow() + audio.Message + listen;
            }

            // Confirmed: the thank-you clip, then hang up when it has been played (or at once if it cannot be started).
            async Task<bool> ThankAsync(CallPadding.Prepared clip)
            {
                var started = await control.CommandAsync("ausrc", $"aufile,{clip.Path}", ct);
                if (!started.Ok || started.Data.Contains("failed", StringComparison.OrdinalIgnoreCase)) return false;
                thanking = true;
                deadline = clock.GetUtcNow() + clip.Message + TimeSpan.FromMilliseconds(300);
                return true;
            }

            while (true)
            {
                var ev = await NextAsync(inbox, deadline, ct);
                if (ev is null)
                {
                    if (thanking && !hangingUp) { await HangUpAsync(); continue; } // the thank-you has been played
                    if (hangingUp)
                        return Result(decided ?? CallOutcome.Failed, detail + "; baresip did not confirm the hang-up", answeredAt, answerToAudio);
                    if (answeredAt is null) (decided, detail) = (CallOutcome.NoAnswer, $"no answer within {(request.RingTimeout ?? TimeSpan.FromSeconds(30)).TotalSeconds:0.#} s");
                    else (decided, detail) = (CallOutcome.AnsweredNotConfirmed, $"no digit within {listen.TotalSeconds:0.#} s after the message" + Replayed(replays));
                    await HangUpAsync();
                    continue;
                }
                if (ReferenceEquals(ev, Lost))
                    return Result(CallOutcome.Failed, "connection to baresip lost during the call", answeredAt, answerToAudio);
                if (ev.CallId is null || ev.Direction == "incoming") continue;
                if (callId is null)
                {
                    if (line.WasFinished(ev.CallId)) continue;
                    callId = ev.CallId;
                }
                else if (ev.CallId != callId) continue;

                switch (ev.Type)
                {
                    case "CALL_RINGING" or "CALL_PROGRESS" when !ringing && answeredAt is null:
                        ringing = true;
                        progress?.Report(CallProgress.Ringing);
                        break;
                    case "CALL_ESTABLISHED" when answeredAt is null:
                        answeredAt = clock.GetUtcNow();
                        progress?.Report(CallProgress.Answered);
                        if (hangingUp) break;
                        try { await PlayAsync(); }
                        catch (InvalidOperationException e) { (decided, detail) = (CallOutcome.Failed, e.Message); await HangUpAsync(); break; }
                        answerToAudio = clock.GetUtcNow() - answeredAt.Value;
                        progress?.Report(CallProgress.AudioStarted);
                        break;
                    case "CALL_DTMF_START" when answeredAt is not null && !hangingUp && !thanking && !string.IsNullOrEmpty(ev.Param):
                        var digit = ev.Param[0];
                        progress?.Report(CallProgress.DigitReceived);
                        if (digit == request.ConfirmDigit)
                        {
                            (decided, detail) = (CallOutcome.Confirmed, $"confirmed with {digit}" + Replayed(replays));
                            if (thanks is not null && await ThankAsync(thanks)) break;
                            await HangUpAsync();
                        }
                        else if (digit == request.ReplayDigit && replays < request.MaxReplays)
                        {
                            replays++;
                            try { await PlayAsync(); }
                            catch (InvalidOperationException e) { (decided, detail) = (CallOutcome.Failed, e.Message); await HangUpAsync(); }
                        }
                        break;
                    case "AUDIO_ERROR":
                        audioError = ev.Param;
                        break;
                    case "CALL_CLOSED":
                        if (decided is null)
                        {
                            if (answeredAt is not null)
                                (decided, detail) = (CallOutcome.AnsweredNotConfirmed, audioError is not null
                                    ? $"audio ended ({audioError}) without a digit" + Replayed(replays)
                                    : $"hung up by the member ({Reason(ev.Param)})" + Replayed(replays));
                            else (decided, detail) = Classify(ev.Param);
                        }
                        return Result(decided.Value, detail, answeredAt, answerToAudio);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (dialled)
                try { await control.CommandAsync("hangup", null, CancellationToken.None); } catch (Exception e) when (e is CallGatewayUnavailableException or TimeoutException) { }
            throw;
        }
        catch (CallGatewayUnavailableException) when (dialled)
        {
            // Dialled, then the engine went away: the member's phone may have rung. An outcome, not "never tried".
            return Result(CallOutcome.Failed, "connection to baresip lost during the call", answeredAt, answerToAudio);
        }
        catch (TimeoutException e)
        {
            if (dialled)
                try { await control.CommandAsync("hangup", null, CancellationToken.None); } catch (Exception x) when (x is CallGatewayUnavailableException or TimeoutException) { }
            return Result(CallOutcome.Failed, e.Message, answeredAt, answerToAudio);
        }
        finally
        {
            line.Inbox = null;
            if (callId is not null) line.Finish(callId);
        }
    }

    private CallResult Result(CallOutcome outcome, string? detail, DateTimeOffset? answeredAt, TimeSpan? answerToAudio) =>
        new(outcome, answeredAt, answerToAudio, answeredAt is null ? null : clock.GetUtcNow() - answeredAt.Value, detail);

    /// <summary>listcalls answers "--- Active calls (N) ---" and a line per call.</summary>
    public static int ActiveCalls(string listcalls)
    {
        var m = System.Text.RegularExpressions.Regex.Match(listcalls, @"Active calls \((\d+)\)");
        return m.Success ? int.Parse(m.Groups[1].Value) : 0;
    }

    private static string Replayed(int replays) => replays == 0 ? "" : $", message replayed {replays}×";

    private static string Reason(string? param) => string.IsNullOrWhiteSpace(param) ? "no reason given" : param.Trim();

    /// <summary>A call that ended before anyone answered, by its SIP reply (the reason baresip gives in CALL_CLOSED).</summary>
    public static (CallOutcome, string) Classify(string? reason)
    {
        var text = Reason(reason);
        if (text.Equals("Local timeout", StringComparison.OrdinalIgnoreCase)) return (CallOutcome.NoAnswer, "no answer (baresip's call_local_timeout)");
        var space = text.IndexOf(' ');
        var code = int.TryParse(space > 0 ? text[..space] : text, out var c) ? c : 0;
        return code switch
        {
            486 or 600 => (CallOutcome.Busy, text),
            603 or 607 or 608 => (CallOutcome.Rejected, text),
            // Phone off or out of reach, or the network gave up ringing.
            408 or 480 => (CallOutcome.NoAnswer, text),
            _ => (CallOutcome.Failed, code == 0 ? $"call ended before the answer: {text}" : text),
        };
    }

    private async Task<BaresipEvent?> NextAsync(Channel<BaresipEvent> inbox, DateTimeOffset deadline, CancellationToken ct)
    {
        if (inbox.Reader.TryRead(out var ready)) return ready;
        var left = deadline - clock.GetUtcNow();
        if (left <= TimeSpan.Zero) return null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(left);
        try { return await inbox.Reader.ReadAsync(timeout.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return null; }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var line in lines) await line.Control.DisposeAsync();
    }
}
