namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>Scores of several trackers on a dataset under one protocol.</summary>
/// <param name="Options">How the results were scored.</param>
/// <param name="Dataset">The dataset folder.</param>
/// <param name="SequenceNames">Sequences in dataset order.</param>
/// <param name="Trackers">Per-tracker scores, in the order given.</param>
/// <param name="Warnings">Length mismatches and other notes (ground truth and results).</param>
public sealed record EvaluationReport(ScoringOptions Options, string Dataset, IReadOnlyList<string> SequenceNames,
    IReadOnlyList<TrackerScore> Trackers, IReadOnlyList<string> Warnings)
{
    /// <summary>The protocol.</summary>
    public EvaluationProtocol Protocol => Options.Protocol;
}
