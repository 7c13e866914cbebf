namespace BinHub.Gateways.Voice;

public enum CallOutcome { Confirmed, AnsweredNotConfirmed, NoAnswer, Busy, Rejected, Failed }
public enum CallProgress { Dialling, Ringing, Answered, AudioStarted, DigitReceived }
/// <summary>One call: dial, play the audio when answered, listen for digits, hang up.</summary>
public sealed record CallRequest(string ToE164, string AudioPath, char ConfirmDigit = '1', char ReplayDigit = '2', int MaxReplays = 2,
    TimeSpan? RingTimeout = null /* default 30 s */, TimeSpan? ListenAfterAudio = null /* default 8 s */);
public sealed record CallResult(CallOutcome Outcome, DateTimeOffset? AnsweredAt, TimeSpan? AnswerToAudio, TimeSpan? Duration, string? Detail);
public interface ICallGateway
{
    /// <summary>How many calls may run at once (Voice:Channels, the trunk's capacity).</summary>
    int Channels { get; }
    /// <summary>Places one call and returns its outcome; progress reports the states as they happen. Never throws for a call
    /// that went wrong (that is an outcome, Failed with the reason); throws CallGatewayUnavailableException when baresip
    /// cannot be reached at all, so the caller can keep the row waiting instead of failing it.</summary>
    Task<CallResult> CallAsync(CallRequest request, IProgress<CallProgress>? progress, CancellationToken ct);
    CallGatewayHealth Health { get; } // connected?, since, last error, calls in progress
}
