using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Evaluation;

/// <summary>
/// One-pass evaluation of the OTB/UAV123 protocol as the got10k toolkit computes it: success curve over 21 IoU
/// thresholds <c>linspace(0,1,21)</c> with a frame succeeding when IoU is strictly greater, AUC as the mean of the
/// curve; precision at 20 px with centres <c>xy + (wh-1)/2</c> and distance ≤ threshold.
/// </summary>
public static class OtbMetrics
{
    /// <summary>Number of IoU thresholds of the success curve.</summary>
    public const int SuccessThresholds = 21;

    /// <summary>Per-frame IoU of the common prefix of the two lists.</summary>
    public static double[] Ious(IReadOnlyList<BoundingBox> predicted, IReadOnlyList<BoundingBox> groundTruth)
    {
        int n = Math.Min(predicted.Count, groundTruth.Count);
        var ious = new double[n];
        for (int i = 0; i < n; i++) ious[i] = predicted[i].IoU(groundTruth[i]);
        return ious;
    }

    /// <summary>The success curve: fraction of frames with IoU &gt; t for t = 0, 0.05, …, 1.</summary>
    public static double[] SuccessCurve(IReadOnlyList<BoundingBox> predicted, IReadOnlyList<BoundingBox> groundTruth)
    {
        var ious = Ious(predicted, groundTruth);
        var curve = new double[SuccessThresholds];
        for (int t = 0; t < SuccessThresholds; t++)
        {
            double threshold = t / (double)(SuccessThresholds - 1);
            curve[t] = ious.Length == 0 ? 0 : ious.Count(iou => iou > threshold) / (double)ious.Length;
        }
        return curve;
    }

    /// <summary>Area under the success curve (its mean).</summary>
    public static double SuccessAuc(IReadOnlyList<BoundingBox> predicted, IReadOnlyList<BoundingBox> groundTruth) =>
        SuccessCurve(predicted, groundTruth).Average();

    /// <summary>Fraction of frames whose centre error is at most <paramref name="threshold"/> pixels.</summary>
    public static double Precision(IReadOnlyList<BoundingBox> predicted, IReadOnlyList<BoundingBox> groundTruth, double threshold = 20)
    {
        int n = Math.Min(predicted.Count, groundTruth.Count);
        if (n == 0) return 0;
        int hits = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = predicted[i].CenterX - groundTruth[i].CenterX, dy = predicted[i].CenterY - groundTruth[i].CenterY;
            if (Math.Sqrt(dx * dx + dy * dy) <= threshold) hits++;
        }
        return hits / (double)n;
    }
}
