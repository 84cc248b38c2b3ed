using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Evaluation.Running;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Tests.Evaluation;

/// <summary>Exact polygon/rectangle overlaps and the init-box conventions.</summary>
public class RegionOverlapTests
{
    // A square of side √50 rotated 45°, inscribed in (0,0,10,10): area 50.
    private static readonly Region Diamond = Region.FromPolygon([5, 0, 10, 5, 5, 10, 0, 5]);
    private static readonly Region Square = Region.FromBox(new BoundingBox(0, 0, 10, 10));

    [Fact]
    public void Polygon_box_is_the_min_max_of_its_points()
    {
        Assert.Equal(new BoundingBox(0, 0, 10, 10), Diamond.Box);
        Assert.Equal(50, RegionOverlap.Area(Diamond.Points), 12);
    }

    [Fact]
    public void Polygon_and_rectangle_overlap_exactly()
    {
        Assert.Equal(0.5, RegionOverlap.IoU(Square, Diamond), 12);
        Assert.Equal(0.5, RegionOverlap.IoU(Diamond, Square), 12);
        Assert.Equal(1.0, RegionOverlap.IoU(Diamond, Region.FromPolygon([0, 5, 5, 10, 10, 5, 5, 0])), 12); // other orientation
        // The right half of the square holds half the diamond (25): IoU 25 / (50 + 50 - 25).
        Assert.Equal(25 / 75.0, RegionOverlap.IoU(Region.FromBox(new BoundingBox(5, 0, 5, 10)), Diamond), 12);
    }

    [Fact]
    public void Bounds_cut_both_regions_to_the_image()
    {
        var leaving = Region.FromBox(new BoundingBox(-10, 0, 20, 10));
        Assert.Equal(0.5, RegionOverlap.IoU(leaving, Square), 12);
        Assert.Equal(1.0, RegionOverlap.IoU(leaving, Square, new ImageSize(20, 20)), 12);
    }

    [Fact]
    public void Special_codes_have_no_overlap_and_invalid_regions_have_zero()
    {
        Assert.True(double.IsNaN(RegionOverlap.IoU(Region.FromCode(Region.Failure), Square)));
        Assert.Equal(0, RegionOverlap.IoU(Region.FromBox(new BoundingBox(double.NaN, 0, 1, 1)), Square));
        Assert.Equal(0, RegionOverlap.IoU(Region.FromBox(new BoundingBox(20, 20, 5, 5)), Square));
    }

    [Fact]
    public void Pysot_init_box_shifts_by_half_a_pixel_and_keeps_the_polygon_area()
    {
        Assert.Equal(new BoundingBox(10.5, 20.5, 30, 40), InitBox.From(Region.FromBox(new BoundingBox(10, 20, 30, 40)), InitConvention.Pysot));
        Assert.Equal(new BoundingBox(10, 20, 30, 40), InitBox.From(Region.FromBox(new BoundingBox(10, 20, 30, 40)), InitConvention.Raw));
        // Diamond: centre (5,5), min/max box 10×10 scaled by √(50/100), plus 1 pixel.
        double w = Math.Sqrt(0.5) * 10 + 1;
        var box = InitBox.From(Diamond, InitConvention.Pysot);
        Assert.Equal(w, box.Width, 12);
        Assert.Equal(5 - (w - 1) / 2, box.X, 12);
        Assert.Equal(Diamond.Box, InitBox.From(Diamond, InitConvention.Raw));
    }
}
