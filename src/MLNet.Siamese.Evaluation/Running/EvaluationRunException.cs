namespace MLNet.Siamese.Evaluation.Running;

/// <summary>
/// Some (tracker, sequence) runs of an <see cref="EvaluationRunner"/> failed. Every other run completed and its result
/// files are in place, so a rerun with <see cref="EvaluationRunOptions.Resume"/> repeats only the failed ones. The
/// message names each failed sequence.
/// </summary>
public sealed class EvaluationRunException : SiameseException
{
    /// <summary>Creates the exception from the failures (at least one) out of <paramref name="runs"/> runs.</summary>
    public EvaluationRunException(IReadOnlyList<SequenceFailure> failures, int runs)
        : base(Compose(failures, runs))
    {
        Failures = failures;
    }

    /// <summary>The failed runs, ordered by tracker then sequence.</summary>
    public IReadOnlyList<SequenceFailure> Failures { get; }

    private static string Compose(IReadOnlyList<SequenceFailure> failures, int runs)
    {
        ArgumentNullException.ThrowIfNull(failures);
        string which = string.Join("; ", failures);
        return failures.Count == runs
            ? which
            : $"{which} ({failures.Count} of {runs} runs failed; the results of the others are kept, so a resumed run repeats only the failed ones)";
    }
}
