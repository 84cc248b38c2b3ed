using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Tests.Evaluation;

/// <summary>Hand-computed GOT-10k cases: frame 0 excluded, visible frames only, boxes bounded to the image, pooled scores.</summary>
public class Got10kMetricsTests
{
    private static readonly BoundingBox Gt = new(0, 0, 10, 10);

    [Fact]
    public void Bounding_clips_x_then_width_to_the_image()
    {
        var size = new ImageSize(100, 50);
        Assert.Equal(new BoundingBox(90, 40, 10, 10), Got10kMetrics.Bound(new BoundingBox(90, 40, 30, 30), size));
        // x < 0 is moved to 0 without shortening w (got10k's rule), then w is limited to W - x.
        Assert.Equal(new BoundingBox(0, 0, 20, 50), Got10kMetrics.Bound(new BoundingBox(-5, -5, 20, 80), size));
    }

    [Fact]
    public void Frame_zero_and_invisible_frames_are_not_scored()
    {
        // IoUs: frame 1 = 1 (IoU 1 - eps rounds to 1), frame 2 = 0.5, frame 3 = 0 but covered (cover 0) → dropped.
        var pred = new[] { new BoundingBox(70, 70, 5, 5), Gt, new BoundingBox(0, 0, 10, 5), new BoundingBox(50, 50, 5, 5) };
        var gt = new[] { Gt, Gt, Gt, Gt };
        var s = Got10kMetrics.Evaluate(pred, gt, [true, true, true, false], null);
        Assert.Equal(2, s.Frames);
        Assert.Equal(0.75, s.AverageOverlap, 12);
        Assert.Equal(0.5, s.SuccessRate50);   // 0.5 is not > 0.5
        Assert.Equal(0.5, s.SuccessRate75);
    }

    [Fact]
    public void Bounds_change_the_overlap_of_boxes_leaving_the_image()
    {
        // Prediction (15,0,10,10) bounded to 20x20 → (15,0,5,10); GT (10,0,10,10): IoU 50/100 = 0.5 (unbounded: 50/150).
        var gt = new BoundingBox(10, 0, 10, 10);
        var pred = new[] { gt, new BoundingBox(15, 0, 10, 10) };
        var bounded = Got10kMetrics.Evaluate(pred, [gt, gt], null, new ImageSize(20, 20));
        var unbounded = Got10kMetrics.Evaluate(pred, [gt, gt], null, null);
        Assert.Equal(0.5, bounded.AverageOverlap, 12);
        Assert.Equal(1.0 / 3, unbounded.AverageOverlap, 12);
    }

    [Fact]
    public void Scores_pool_frames_over_sequences()
    {
        var a = new Got10kScores([1.0, 1.0, 1.0]);
        var b = new Got10kScores([0.0]);
        var pooled = Got10kScores.Pool([a, b]);
        Assert.Equal(0.75, pooled.AverageOverlap);   // not (1 + 0) / 2
        Assert.Equal(101, pooled.SuccessCurve.Count);
    }
}
