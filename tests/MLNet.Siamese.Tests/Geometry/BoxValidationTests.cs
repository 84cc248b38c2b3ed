using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.Tests.Geometry;

/// <summary>Issue 14 item 2: boxes that cannot initialise a tracker are refused with a message naming the box, never a crash.</summary>
public class BoxValidationTests
{
    [Theory]
    [InlineData(double.NaN, 1, 10, 10, "finite")]
    [InlineData(1, double.PositiveInfinity, 10, 10, "finite")]
    [InlineData(1, 1, 0, 10, "positive width and height")]
    [InlineData(1, 1, 10, -1, "positive width and height")]
    [InlineData(336, 165, 1e308, 61, "larger than 65536 pixels")]
    [InlineData(336, 165, 26, 65537, "larger than 65536 pixels")]
    public void Frame_independent_problems_name_the_box(double x, double y, double w, double h, string expected)
    {
        var problem = new BoundingBox(x, y, w, h).Problem();
        Assert.NotNull(problem);
        Assert.Contains(expected, problem);
        Assert.StartsWith("box ", problem);
        Assert.True(problem.Length < 120, problem); // 1e308 is not written out in 309 digits
    }

    [Theory]
    [InlineData(640, 10, 10, 10, "lies outside the 640x360 frame")]
    [InlineData(-10, 10, 10, 10, "lies outside the 640x360 frame")]
    [InlineData(10, 360, 10, 10, "lies outside the 640x360 frame")]
    [InlineData(0, 0, 10241, 10, "more than 16 times the size of the 640x360 frame")]
    [InlineData(0, 0, 10, 5761, "more than 16 times the size of the 640x360 frame")]
    public void Frame_relative_problems_name_box_and_frame(double x, double y, double w, double h, string expected)
    {
        var problem = new BoundingBox(x, y, w, h).ProblemIn(640, 360);
        Assert.NotNull(problem);
        Assert.Contains(expected, problem);
    }

    [Theory]
    [InlineData(336, 165, 26, 61)]
    [InlineData(-5, -5, 10, 10)]          // partly out of view
    [InlineData(0, 0, 10240, 5760)]       // 16x the frame: the largest accepted
    [InlineData(639.5, 359.5, 0.5, 0.5)]
    public void Plausible_boxes_pass(double x, double y, double w, double h)
    {
        Assert.Null(new BoundingBox(x, y, w, h).ProblemIn(640, 360));
    }

    [SkippableTheory]
    [InlineData(336, 165, 1e308, 61, "larger than 65536 pixels")]
    [InlineData(336, 165, 20000, 61, "more than 16 times the size")]
    [InlineData(336, 165, 26, double.NaN, "finite")]
    [InlineData(1000, 165, 26, 61, "lies outside")]
    public void Tracker_init_refuses_the_box_with_a_tracking_error(double x, double y, double w, double h, string expected)
    {
        string pack = Path.Combine(SharedData.RepoRoot, "models", "default");
        Skip.IfNot(File.Exists(Path.Combine(pack, "model.json")), $"{pack} is not present");
        using var tracker = SiameseTracker.Create(pack);
        using var frame = Frame.Allocate(640, 360, 0, TimeSpan.Zero);
        var ex = Assert.Throws<TrackingException>(() => tracker.Init(frame, new BoundingBox(x, y, w, h)));
        Assert.StartsWith("init box ", ex.Message);
        Assert.Contains(expected, ex.Message);
        Assert.False(((SearchTracker)tracker).IsInitialized);
    }

    [Fact]
    public void Huge_values_print_in_exponent_form_and_ordinary_ones_unchanged()
    {
        Assert.Equal("336,165,1e+308,61", new BoundingBox(336, 165, 1e308, 61).ToString());
        Assert.Equal("623.5,299.5,11,38", new BoundingBox(623.5, 299.5, 11, 38).ToString());
    }
}
