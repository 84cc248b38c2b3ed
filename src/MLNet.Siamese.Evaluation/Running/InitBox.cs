using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Evaluation.Running;

/// <summary>
/// Translates between a reference implementation's box convention (<see cref="InitConvention"/>) and the library's:
/// ground truth to the tracker's initial box, the tracker's boxes to the ones that implementation would report.
/// </summary>
public static class InitBox
{
    /// <summary>The tracker's initial box (library convention) for <paramref name="region"/>.</summary>
    /// <exception cref="ArgumentException">The region is a special code or not a valid box.</exception>
    public static BoundingBox From(Region region, InitConvention convention)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (!region.IsValid) throw new ArgumentException($"region '{region}' is not a valid box", nameof(region));
        switch (convention)
        {
            case InitConvention.Pysot:
                var (cx, cy, w, h) = AxisAligned(region);
                return new BoundingBox(cx - (w - 1) / 2, cy - (h - 1) / 2, w, h);
            case InitConvention.SiamFc:
                // siamfc-pytorch's centre x-1+(w-1)/2 is the library's centre of the box one pixel left and up.
                var b = region.Box;
                return b with { X = b.X - 1, Y = b.Y - 1 };
            default:
                return region.Box;
        }
    }

    /// <summary>
    /// The box the reference implementation's own tracker was given for <paramref name="region"/> (line 1 of its
    /// result files): pysot's <c>init</c> box is the library's, siamfc-pytorch's is the 1-based ground truth.
    /// </summary>
    /// <exception cref="ArgumentException">The region is a special code or not a valid box.</exception>
    public static BoundingBox ReferenceInit(Region region, InitConvention convention) =>
        convention == InitConvention.SiamFc ? Reported(From(region, convention), convention) : From(region, convention);

    /// <summary>
    /// A box the tracker reported (library convention) as the reference implementation would have reported it:
    /// pysot's <c>[cx-w/2, cy-h/2, w, h]</c> is half a pixel up and left, siamfc-pytorch's 1-based box one pixel
    /// down and right; <see cref="InitConvention.Raw"/> keeps it.
    /// </summary>
    public static BoundingBox Reported(BoundingBox box, InitConvention convention) => convention switch
    {
        InitConvention.Pysot => box with { X = box.X - 0.5, Y = box.Y - 0.5 },
        InitConvention.SiamFc => box with { X = box.X + 1, Y = box.Y + 1 },
        _ => box,
    };

    /// <summary>
    /// pysot's <c>get_axis_aligned_bbox</c>: for 4 values the centre <c>x + w/2, y + h/2</c> and size <c>w, h</c>; for a
    /// 4-point polygon the mean of the points and the min/max box scaled to the polygon's area (plus 1 pixel).
    /// </summary>
    public static (double CenterX, double CenterY, double Width, double Height) AxisAligned(Region region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var b = region.Box;
        if (region.Kind != RegionKind.Polygon || region.Points.Count != 8)
            return (b.X + b.Width / 2, b.Y + b.Height / 2, b.Width, b.Height);
        var p = region.Points;
        double cx = (p[0] + p[2] + p[4] + p[6]) / 4, cy = (p[1] + p[3] + p[5] + p[7]) / 4;
        double side1 = Math.Sqrt(Square(p[0] - p[2]) + Square(p[1] - p[3]));
        double side2 = Math.Sqrt(Square(p[2] - p[4]) + Square(p[3] - p[5]));
        double scale = Math.Sqrt(side1 * side2 / (b.Width * b.Height));
        return (cx, cy, scale * b.Width + 1, scale * b.Height + 1);
    }

    private static double Square(double v) => v * v;
}
