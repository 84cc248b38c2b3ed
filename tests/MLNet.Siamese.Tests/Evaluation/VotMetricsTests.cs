using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Tests.Evaluation;

/// <summary>Hand-computed VOT reset-based cases: burn-in, failures, robustness, fragments and EAO.</summary>
public class VotMetricsTests
{
    private static readonly Region Gt = Region.FromBox(new BoundingBox(0, 0, 10, 10));
    private static readonly Region Half = Region.FromBox(new BoundingBox(0, 0, 10, 5));   // IoU 0.5 with Gt
    private static Region Code(int c) => Region.FromCode(c);

    // 0: init, 1-3: IoU 0.5, 4: failure, 5-8: skipped, 9: re-init (failure + 5), 10-13: IoU 1.
    private static readonly Region[] Run =
    [
        Code(1), Half, Half, Half, Code(2), Code(0), Code(0), Code(0), Code(0), Code(1), Gt, Gt, Gt, Gt,
    ];

    [Fact]
    public void Accuracy_skips_burn_in_codes_and_failures()
    {
        // Burn-in 2: frames 0-1 and 9-10 ignored; counted: 2, 3 (0.5) and 11-13 (1) → 4 / 5.
        var s = VotMetrics.Evaluate(Run, Enumerable.Repeat(Gt, Run.Length).ToList(), null, burnIn: 2);
        Assert.Equal(0.8, s.Accuracy, 12);
        Assert.Equal(1, s.Failures);
        Assert.Equal(14, s.Frames);
        Assert.Equal(1 / 14.0, s.Robustness, 12);
        // Default burn-in 10: frames 0-9 and 9-18 are all burn-in → no frame counts.
        Assert.True(double.IsNaN(VotMetrics.Evaluate(Run, Enumerable.Repeat(Gt, Run.Length).ToList(), null).Accuracy));
    }

    [Fact]
    public void Runs_are_cut_into_fragments_at_failures()
    {
        var s = VotMetrics.Evaluate(Run, Enumerable.Repeat(Gt, Run.Length).ToList(), null);
        Assert.Equal(2, s.Fragments.Count);
        Assert.True(s.Fragments[0].Failed);
        Assert.Equal([0, 0.5, 0.5, 0.5], s.Fragments[0].Overlaps);
        Assert.False(s.Fragments[1].Failed);
        Assert.Equal([0, 1, 1, 1, 1], s.Fragments[1].Overlaps.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void Expected_overlap_curve_pads_failed_fragments_with_zeros_and_drops_short_finished_ones()
    {
        // A failed after frames 1-2 (0.8, 0.6); B reached the end after 4 frames of 0.5.
        var a = new VotFragment([0, 0.8, 0.6], Failed: true);
        var b = new VotFragment([0, 0.5, 0.5, 0.5, 0.5], Failed: false);
        var curve = VotMetrics.ExpectedOverlapCurve([a, b], 6);
        Assert.Equal(1, curve[0]);
        Assert.Equal((0.8 + 0.5) / 2, curve[1], 12);
        Assert.Equal((0.7 + 0.5) / 2, curve[2], 12);
        Assert.Equal((1.4 / 3 + 0.5) / 2, curve[3], 12);
        Assert.Equal((1.4 / 4 + 0.5) / 2, curve[4], 12);
        Assert.Equal(1.4 / 5, curve[5], 12);                // B is 5 frames long: no longer active
        double eao = VotMetrics.ExpectedAverageOverlap(curve, 2, 4);
        Assert.Equal((0.6 + (1.4 / 3 + 0.5) / 2 + 0.425) / 3, eao, 12);
    }

    [Fact]
    public void Expected_overlap_is_nan_where_no_fragment_is_active_and_eao_skips_it()
    {
        var curve = VotMetrics.ExpectedOverlapCurve([new VotFragment([0, 1, 1], Failed: false)], 5);
        Assert.Equal(1, curve[2]);
        Assert.True(double.IsNaN(curve[3]));
        Assert.Equal(1, VotMetrics.ExpectedAverageOverlap(curve, 1, 4));
        Assert.True(double.IsNaN(VotMetrics.ExpectedAverageOverlap(curve, 3, 4)));
    }

    [Fact]
    public void Pooling_sums_failures_pools_accuracy_and_averages_the_curve_range()
    {
        var gt = Enumerable.Repeat(Gt, Run.Length).ToList();
        var one = VotMetrics.Evaluate(Run, gt, null, burnIn: 2);
        var pooled = VotMetrics.Pool([one, one], 1, 3);
        Assert.Equal(2, pooled.Failures);
        Assert.Equal(28, pooled.Frames);
        Assert.Equal(0.8, pooled.Accuracy, 12);
        // Fragments (failed 0.5 ×3) and (finished 1 ×4), twice: Φ(1..3) = (0.5 + 1) / 2 each.
        Assert.Equal(0.75, pooled.Eao, 12);
    }
}
