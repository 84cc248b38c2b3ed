namespace MLNet.Siamese.Evaluation;

/// <summary>VOT reset-based measures of one run on one sequence.</summary>
/// <param name="Frames">Frames in the run (the common prefix of trajectory and ground truth).</param>
/// <param name="Failures">Failure frames (code 2).</param>
/// <param name="AccuracyOverlaps">The overlaps accuracy averages (special frames and burn-in frames removed).</param>
/// <param name="Fragments">The run split at failures, for EAO.</param>
public sealed record VotSequenceScores(int Frames, int Failures, IReadOnlyList<double> AccuracyOverlaps, IReadOnlyList<VotFragment> Fragments)
{
    /// <summary>Mean overlap outside burn-in; NaN when no frame counts.</summary>
    public double Accuracy => AccuracyOverlaps.Count == 0 ? double.NaN : AccuracyOverlaps.Average();

    /// <summary>Failures per frame.</summary>
    public double Robustness => Frames == 0 ? 0 : Failures / (double)Frames;
}
