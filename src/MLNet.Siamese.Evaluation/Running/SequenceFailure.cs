namespace MLNet.Siamese.Evaluation.Running;

/// <summary>One (tracker, sequence) run of an <see cref="EvaluationRunner"/> that failed; its result files were not written.</summary>
/// <param name="Tracker">Tracker name.</param>
/// <param name="Sequence">Sequence name.</param>
/// <param name="Message">Why (the library error's message: invalid first box, unreadable frame, …).</param>
public sealed record SequenceFailure(string Tracker, string Sequence, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"sequence '{Sequence}' ({Tracker}): {Message}";
}
