namespace MLNet.Siamese.Evaluation;

/// <summary>
/// GOT-10k scores of pooled frames (one sequence, or all frames of a dataset pooled as the toolkit does): AO = mean IoU,
/// SR0.5 / SR0.75 = fraction of frames with IoU &gt; 0.5 / 0.75, and the success curve over <c>linspace(0,1,101)</c>.
/// </summary>
/// <param name="Ious">The IoUs scored (frame 0 and frames where the target is not visible already removed).</param>
public sealed record Got10kScores(IReadOnlyList<double> Ious)
{
    /// <summary>Success-curve thresholds of the GOT-10k toolkit: <c>linspace(0, 1, 101)</c>.</summary>
    public static IReadOnlyList<double> Thresholds { get; } = Enumerable.Range(0, 101).Select(i => i == 100 ? 1.0 : i * 0.01).ToArray();

    /// <summary>Frames scored.</summary>
    public int Frames => Ious.Count;

    /// <summary>Average overlap (0 when no frame is scored).</summary>
    public double AverageOverlap => Ious.Count == 0 ? 0 : Ious.Average();

    /// <summary>Success rate at IoU &gt; 0.5.</summary>
    public double SuccessRate50 => Rate(0.5);

    /// <summary>Success rate at IoU &gt; 0.75.</summary>
    public double SuccessRate75 => Rate(0.75);

    /// <summary>Fraction of frames with IoU &gt; t at each of <see cref="Thresholds"/>.</summary>
    public IReadOnlyList<double> SuccessCurve => Thresholds.Select(Rate).ToArray();

    /// <summary>All frames of <paramref name="sequences"/> pooled (longer sequences weigh more, as in the toolkit).</summary>
    public static Got10kScores Pool(IEnumerable<Got10kScores> sequences) =>
        new(sequences.SelectMany(s => s.Ious).ToArray());

    private double Rate(double threshold) => Ious.Count == 0 ? 0 : Ious.Count(v => v > threshold) / (double)Ious.Count;
}
