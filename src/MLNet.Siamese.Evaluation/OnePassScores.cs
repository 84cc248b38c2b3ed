namespace MLNet.Siamese.Evaluation;

/// <summary>
/// One-pass (OTB/UAV123) curves of one sequence, or their average over sequences. Scores are read off the curves:
/// AUC = mean of the success curve, precision = precision curve at 20 px, normalised precision (pysot) = its curve at
/// 0.2, normalised precision (got10k, LaSOT) = mean of its curve over 0..0.5.
/// </summary>
/// <param name="Frames">Frames scored (the common prefix of result and ground truth; summed for an average).</param>
/// <param name="SuccessCurve">Fraction of frames with IoU &gt; t at <see cref="OtbMetrics.IouThresholds"/>.</param>
/// <param name="PrecisionCurve">Fraction of frames with centre error ≤ t at <see cref="OtbMetrics.PixelThresholds"/>.</param>
/// <param name="NormalizedPrecisionPysotCurve">pysot: centres divided by the ground-truth w,h, at <see cref="OtbMetrics.PysotNormalizedThresholds"/>.</param>
/// <param name="NormalizedPrecisionGot10kCurve">got10k LaSOT: error divided by max(1, ground-truth w,h), NaN rows excluded, at <see cref="OtbMetrics.Got10kNormalizedThresholds"/>.</param>
public sealed record OnePassScores(
    int Frames,
    IReadOnlyList<double> SuccessCurve,
    IReadOnlyList<double> PrecisionCurve,
    IReadOnlyList<double> NormalizedPrecisionPysotCurve,
    IReadOnlyList<double> NormalizedPrecisionGot10kCurve)
{
    /// <summary>Area under the success curve: the mean of its 21 values.</summary>
    public double Auc => SuccessCurve.Average();

    /// <summary>Precision at 20 px.</summary>
    public double Precision => PrecisionCurve[20];

    /// <summary>pysot's normalised precision: its curve at 0.2.</summary>
    public double NormalizedPrecisionPysot => NormalizedPrecisionPysotCurve[20];

    /// <summary>got10k's (LaSOT) normalised precision: the mean of its curve over <c>linspace(0, 0.5, 51)</c>.</summary>
    public double NormalizedPrecisionGot10k => NormalizedPrecisionGot10kCurve.Average();

    /// <summary>Curves averaged point-wise over sequences (each sequence weighs the same, as both toolkits do).</summary>
    /// <exception cref="ArgumentException">No scores.</exception>
    public static OnePassScores Average(IReadOnlyCollection<OnePassScores> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0) throw new ArgumentException("nothing to average", nameof(scores));
        return new OnePassScores(scores.Sum(s => s.Frames),
            Mean(scores.Select(s => s.SuccessCurve)), Mean(scores.Select(s => s.PrecisionCurve)),
            Mean(scores.Select(s => s.NormalizedPrecisionPysotCurve)), Mean(scores.Select(s => s.NormalizedPrecisionGot10kCurve)));
    }

    private static double[] Mean(IEnumerable<IReadOnlyList<double>> curves)
    {
        var list = curves.ToList();
        var mean = new double[list[0].Count];
        foreach (var c in list)
            for (int i = 0; i < mean.Length; i++) mean[i] += c[i];
        for (int i = 0; i < mean.Length; i++) mean[i] /= list.Count;
        return mean;
    }
}
