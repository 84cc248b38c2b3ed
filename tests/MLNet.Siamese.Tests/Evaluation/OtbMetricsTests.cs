using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Tests.Evaluation;

/// <summary>Hand-computed one-pass cases for the edge rules of the OTB/UAV protocol.</summary>
public class OtbMetricsTests
{
    private static readonly BoundingBox Gt = new(0, 0, 10, 10);
    private static readonly BoundingBox Nan = new(double.NaN, double.NaN, double.NaN, double.NaN);

    [Fact]
    public void Thresholds_are_the_toolkits_values()
    {
        Assert.Equal(21, OtbMetrics.IouThresholds.Count);
        Assert.Equal(0.5, OtbMetrics.IouThresholds[10]);
        Assert.Equal(1.0, OtbMetrics.IouThresholds[20]);
        Assert.Equal(Enumerable.Range(0, 51).Select(i => (double)i), OtbMetrics.PixelThresholds);
        Assert.Equal(0.2, OtbMetrics.PysotNormalizedThresholds[20]);
        Assert.Equal(0.5, OtbMetrics.Got10kNormalizedThresholds[50]);
    }

    [Fact]
    public void Success_needs_iou_strictly_greater_than_the_threshold()
    {
        // Frame 0 becomes the ground truth: IoU 1, above every threshold but 1.0 (20 of 21).
        // Frame 1: (0,0,10,5) against (0,0,10,10): 50 / 100 = 0.5 exactly, above t = 0, 0.05, …, 0.45 only (10 of 21).
        var scores = OtbMetrics.Evaluate([new(50, 50, 3, 3), new(0, 0, 10, 5)], [Gt, Gt]);
        var expected = Enumerable.Range(0, 21).Select(k => k < 10 ? 1.0 : k < 20 ? 0.5 : 0.0);
        Assert.Equal(expected, scores.SuccessCurve);
        Assert.Equal(15.0 / 21, scores.Auc, 12);
    }

    [Fact]
    public void Precision_counts_a_distance_equal_to_the_threshold()
    {
        // Centre offsets (12, 16) → exactly 20 px: a hit at 20; (12, 16.5) → 20.4 px: a miss at 20, a hit at 21.
        var exact = OtbMetrics.Evaluate([Gt, new(12, 16, 10, 10)], [Gt, Gt]);
        var beyond = OtbMetrics.Evaluate([Gt, new(12, 16.5, 10, 10)], [Gt, Gt]);
        Assert.Equal(1.0, exact.Precision);
        Assert.Equal(0.5, exact.PrecisionCurve[19]);
        Assert.Equal(0.5, beyond.Precision);
        Assert.Equal(1.0, beyond.PrecisionCurve[21]);
    }

    [Fact]
    public void Frame_zero_is_replaced_by_the_ground_truth_unless_disabled()
    {
        var far = new BoundingBox(500, 500, 10, 10);
        Assert.Equal(1.0, OtbMetrics.Evaluate([far], [Gt]).Precision);
        Assert.Equal(0.0, OtbMetrics.Evaluate([far], [Gt], new OnePassOptions { ReplaceFirstFrame = false }).Precision);
    }

    [Fact]
    public void Got10k_rule_counts_nan_ground_truth_as_a_miss_for_both_measures()
    {
        // Frames: 0 (GT), 1 NaN row, 2 perfect, 3 zero-width GT (IoU 0, centre error computed normally: 0 px).
        var gt = new[] { Gt, Nan, Gt, new BoundingBox(0, 0, 0, 10) };
        var pred = new[] { Gt, Gt, Gt, new BoundingBox(0, 0, 0, 10) };
        var s = OtbMetrics.Evaluate(pred, gt);
        Assert.Equal(0.5, s.SuccessCurve[0]);        // frames 0 and 2
        Assert.Equal(0.75, s.Precision);             // frames 0, 2, 3
        Assert.Equal(4, s.Frames);
    }

    [Fact]
    public void Pysot_rule_gives_iou_minus_one_and_a_precision_hit_to_invalid_frames()
    {
        var gt = new[] { Gt, Nan, Gt, new BoundingBox(0, 0, 0, 10) };
        var pred = new[] { Gt, new BoundingBox(300, 300, 5, 5), Gt, new BoundingBox(100, 0, 0, 10) };
        var s = OtbMetrics.Evaluate(pred, gt, new OnePassOptions { Rule = InvalidFrameRule.Pysot });
        Assert.Equal(0.5, s.SuccessCurve[0]);        // frames 0 and 2; frames 1 and 3 have IoU -1
        // Frame 1: NaN centre is not > 0 → error -1 → a hit; frame 3: centre x + (w-1)/2 = -0.5 is not > 0 → -1 → a hit.
        Assert.Equal(1.0, s.Precision);
        // Same data under got10k: frame 1 NaN → miss; frame 3 centre error 100 px → miss.
        Assert.Equal(0.5, OtbMetrics.Evaluate(pred, gt).Precision);
    }

    [Fact]
    public void Normalised_precisions_follow_pysot_and_got10k_definitions()
    {
        // GT (100,100,20,40), centre (109.5, 119.5). Prediction shifted by (4, 4): normalised by (w,h) = (0.2, 0.1) → 0.2236.
        var gt = new BoundingBox(100, 100, 20, 40);
        var s = OtbMetrics.Evaluate([gt, new BoundingBox(104, 104, 20, 40)], [gt, gt]);
        double error = Math.Sqrt(0.2 * 0.2 + 0.1 * 0.1);
        // pysot at 0.2: frame 0 hit, frame 1 (0.2236) miss.
        Assert.Equal(0.5, s.NormalizedPrecisionPysot);
        Assert.Equal(1.0, s.NormalizedPrecisionPysotCurve[23]);
        // got10k: mean over linspace(0,0.5,51) of the fraction with error <= t: frame 0 always (51/51),
        // frame 1 for t >= 0.23 (28 of 51 thresholds).
        int hits = OtbMetrics.Got10kNormalizedThresholds.Count(t => error <= t);
        Assert.Equal(28, hits);
        Assert.Equal((51 + 28) / 102.0, s.NormalizedPrecisionGot10k, 12);
    }

    [Fact]
    public void Got10k_normalised_precision_drops_nan_rows_and_uses_at_least_one_pixel()
    {
        // Frame 1 NaN: excluded (not in the denominator). Frame 2: GT 0.5 px wide → divided by max(1, 0.5) = 1.
        var gt = new[] { Gt, Nan, new BoundingBox(0, 0, 0.5, 10) };
        var pred = new[] { Gt, Gt, new BoundingBox(0.305, 0, 0.5, 10) };
        var s = OtbMetrics.Evaluate(pred, gt);
        // Frame 2 error 0.305 → hit for t >= 0.31 (20 of 51); frame 0 hit everywhere.
        Assert.Equal((51 + 20) / 102.0, s.NormalizedPrecisionGot10k, 12);
    }

    [Fact]
    public void Scores_cover_the_common_prefix_and_average_curves_over_sequences()
    {
        var a = OtbMetrics.Evaluate([Gt, Gt, Gt], [Gt, Gt]);
        Assert.Equal(2, a.Frames);
        var b = OtbMetrics.Evaluate([Gt, new BoundingBox(300, 300, 10, 10)], [Gt, Gt]);
        var mean = OnePassScores.Average([a, b]);
        Assert.Equal(0.75, mean.Precision);
        Assert.Equal((a.Auc + b.Auc) / 2, mean.Auc, 12);
        Assert.Equal(4, mean.Frames);
    }
}
