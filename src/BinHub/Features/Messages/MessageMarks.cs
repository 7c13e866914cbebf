using BinHub.Domain;

namespace BinHub.Features.Messages;

/// <summary>What a message's list row and its details both say about it: exercise or not, and which message it amends.</summary>
public abstract record MessageMarks
{
    /// <summary>An exercise (CAP status Test), not a real incident.</summary>
    [System.ComponentModel.Description("An exercise (CAP status Test); members get its texts marked as one.")]
    public bool IsExercise { get; init; }

    /// <summary>None, Update or Withdrawal (CAP msgType Update/Cancel).</summary>
    [System.ComponentModel.Description("None, Update or Withdrawal (CAP msgType Alert, Update, Cancel).")]
    public Amendment Amendment { get; init; }

    /// <summary>For an update or withdrawal: the message it amends (always the first version).</summary>
    [System.ComponentModel.Description("For an update or withdrawal: the id of the message it amends (always the first version).")]
    public long? AmendsId { get; init; }
}
