using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Evaluation;

/// <summary>
/// One-pass evaluation of the OTB/UAV123 protocol as the got10k toolkit computes it (<c>ExperimentOTB</c>): success
/// curve over 21 IoU thresholds <c>linspace(0,1,21)</c> with a frame succeeding when IoU is strictly greater, AUC as
/// the mean of the curve; precision curve over 0..50 px with centres <c>xy + (wh-1)/2</c> and distance ≤ threshold,
/// precision at 20 px; plus both normalised precisions (pysot and got10k/LaSOT). See <see cref="Evaluate"/>.
/// </summary>
public static class OtbMetrics
{
    /// <summary>Number of IoU thresholds of the success curve.</summary>
    public const int SuccessThresholds = 21;

    // got10k's eps in rect_iou: IoU = inter / (union + eps).
    private const double Got10kEpsilon = 2.220446049250313e-16;

    /// <summary><c>linspace(0, 1, 21)</c> as numpy computes it (<c>k * 0.05</c>, last exactly 1).</summary>
    public static IReadOnlyList<double> IouThresholds { get; } = Linspace(1.0, SuccessThresholds);

    /// <summary>0, 1, …, 50 px.</summary>
    public static IReadOnlyList<double> PixelThresholds { get; } = Enumerable.Range(0, 51).Select(i => (double)i).ToArray();

    /// <summary>pysot's <c>arange(0, 51) / 100</c>.</summary>
    public static IReadOnlyList<double> PysotNormalizedThresholds { get; } = Enumerable.Range(0, 51).Select(i => i / 100.0).ToArray();

    /// <summary>got10k's <c>linspace(0, 0.5, 51)</c>.</summary>
    public static IReadOnlyList<double> Got10kNormalizedThresholds { get; } = Linspace(0.5, 51);

    /// <summary>
    /// Scores <paramref name="predicted"/> against <paramref name="groundTruth"/> over their common prefix: frame 0
    /// replaced by the ground truth (unless disabled), IoU of <c>x,y,w,h</c> boxes with areas <c>w*h</c>, invalid
    /// ground-truth frames per <see cref="OnePassOptions.Rule"/>.
    /// </summary>
    public static OnePassScores Evaluate(IReadOnlyList<BoundingBox> predicted, IReadOnlyList<BoundingBox> groundTruth, OnePassOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(groundTruth);
        options ??= new OnePassOptions();
        int n = Math.Min(predicted.Count, groundTruth.Count);
        var pred = predicted.Take(n).ToArray();
        var gt = groundTruth.Take(n).ToArray();
        if (n > 0 && options.ReplaceFirstFrame) pred[0] = gt[0];

        bool pysot = options.Rule == InvalidFrameRule.Pysot;
        var ious = new double[n];
        var errors = new double[n];
        var normPysot = new double[n];
        var normGot10k = new List<double>(n);
        for (int i = 0; i < n; i++)
        {
            var (p, g) = (pred[i], gt[i]);
            double dx = p.CenterX - g.CenterX, dy = p.CenterY - g.CenterY;
            if (pysot)
            {
                ious[i] = g.Width > 0 && g.Height > 0 ? PysotIoU(p, g) : -1;
                errors[i] = g.CenterX > 0 && g.CenterY > 0 ? Math.Sqrt(dx * dx + dy * dy) : -1;
            }
            else
            {
                ious[i] = Got10kIoU(p, g);
                errors[i] = Math.Sqrt(dx * dx + dy * dy);
            }
            normPysot[i] = PysotNormalizedError(p, g);
            // got10k's LaSOT experiment drops rows with a NaN from every measure.
            if (!double.IsNaN(g.X) && !double.IsNaN(g.Y) && !double.IsNaN(g.Width) && !double.IsNaN(g.Height))
            {
                double nx = dx / Math.Max(1, g.Width), ny = dy / Math.Max(1, g.Height);
                normGot10k.Add(Math.Sqrt(nx * nx + ny * ny));
            }
        }
        return new OnePassScores(n,
            Fraction(ious, IouThresholds, (v, t) => v > t),
            Fraction(errors, PixelThresholds, (v, t) => v <= t),
            Fraction(normPysot, PysotNormalizedThresholds, (v, t) => v <= t),
            Fraction(normGot10k, Got10kNormalizedThresholds, (v, t) => v <= t));
    }

    /// <summary>IoU as got10k's <c>rect_iou</c>: <c>inter / (union + eps)</c> clipped to [0,1]; NaN when a box has NaN.</summary>
    public static double Got10kIoU(BoundingBox a, BoundingBox b)
    {
        double inter = Intersection(a, b);
        double iou = inter / (a.Width * a.Height + b.Width * b.Height - inter + Got10kEpsilon);
        return double.IsNaN(iou) ? iou : Math.Clamp(iou, 0, 1);
    }

    /// <summary>IoU as pysot's <c>overlap_ratio</c>: <c>inter / union</c> clipped to [0,1].</summary>
    public static double PysotIoU(BoundingBox a, BoundingBox b)
    {
        double inter = Intersection(a, b);
        double iou = inter / (a.Width * a.Height + b.Width * b.Height - inter);
        return double.IsNaN(iou) ? 0 : Math.Clamp(iou, 0, 1);
    }

    /// <summary>Per-frame IoU of the common prefix of the two lists (<see cref="BoundingBox.IoU"/>; no frame replaced).</summary>
    public static double[] Ious(IReadOnlyList<BoundingBox> predicted, IReadOnlyList<BoundingBox> groundTruth)
    {
        int n = Math.Min(predicted.Count, groundTruth.Count);
        var ious = new double[n];
        for (int i = 0; i < n; i++) ious[i] = predicted[i].IoU(groundTruth[i]);
        return ious;
    }

    /// <summary>The success curve of the lists as given (no frame replaced): fraction of frames with IoU &gt; t.</summary>
    public static double[] SuccessCurve(IReadOnlyList<BoundingBox> predicted, IReadOnlyList<BoundingBox> groundTruth) =>
        Evaluate(predicted, groundTruth, new OnePassOptions { ReplaceFirstFrame = false }).SuccessCurve.ToArray();

    /// <summary>Area under the success curve (its mean) of the lists as given (no frame replaced).</summary>
    public static double SuccessAuc(IReadOnlyList<BoundingBox> predicted, IReadOnlyList<BoundingBox> groundTruth) =>
        SuccessCurve(predicted, groundTruth).Average();

    /// <summary>Fraction of frames whose centre error is at most <paramref name="threshold"/> pixels (lists as given).</summary>
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

    // pysot: centres divided by (gt w,h + 1e-16); a frame whose normalised gt centre is not positive scores -1 (a hit).
    private static double PysotNormalizedError(BoundingBox p, BoundingBox g)
    {
        double gw = g.Width + 1e-16, gh = g.Height + 1e-16;
        double gx = g.CenterX / gw, gy = g.CenterY / gh;
        if (!(gx > 0 && gy > 0)) return -1;
        double dx = p.CenterX / gw - gx, dy = p.CenterY / gh - gy;
        return Math.Sqrt(dx * dx + dy * dy);
    }

    private static double Intersection(BoundingBox a, BoundingBox b)
    {
        double w = Math.Max(0, Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X));
        double h = Math.Max(0, Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y));
        // Math.Max(0, NaN) is NaN, so a NaN box keeps a NaN intersection.
        return w * h;
    }

    private static double[] Fraction(IReadOnlyList<double> values, IReadOnlyList<double> thresholds, Func<double, double, bool> hit)
    {
        var curve = new double[thresholds.Count];
        if (values.Count == 0) return curve;
        for (int t = 0; t < curve.Length; t++)
        {
            int count = 0;
            foreach (var v in values) if (hit(v, thresholds[t])) count++;
            curve[t] = count / (double)values.Count;
        }
        return curve;
    }

    private static double[] Linspace(double stop, int count)
    {
        double step = stop / (count - 1);
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = i * step;
        values[^1] = stop;
        return values;
    }
}
