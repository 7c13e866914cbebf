namespace BinHub.Gateways.Sms;

/// <summary>
/// How much the SMS gateway may be handed now. Kannel's queue is first-in first-out: whatever BinHub hands over waits
/// behind everything handed before it, so BinHub keeps only a few seconds of work queued there and tops it up as the
/// operator links drain; priority is then decided here, by the lanes, and a new alarm is next on the wire.
/// </summary>
public interface ISmsRoom
{
    /// <summary>SMS that may be handed over now (int.MaxValue: no limit).</summary>
    int Room();

    /// <summary>The gateway accepted this many SMS parts (a long text is several).</summary>
    void Handed(int count);

    /// <summary>A top-up worth a dispatcher round (1 = any room at all).</summary>
    int TopUp => 1;

    /// <summary>Returns when <see cref="Room"/> is at least <paramref name="atLeast"/> (or all the gateway can hold, if less).</summary>
    Task WaitForRoomAsync(int atLeast, CancellationToken ct);
}
