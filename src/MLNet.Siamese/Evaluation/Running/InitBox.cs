using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Evaluation.Running;

/// <summary>Turns a ground-truth region into an initial box per an <see cref="InitConvention"/>.</summary>
public static class InitBox
{
    /// <summary>The initial box for <paramref name="region"/>.</summary>
    /// <exception cref="ArgumentException">The region is a special code or not a valid box.</exception>
    public static BoundingBox From(Region region, InitConvention convention)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (!region.IsValid) throw new ArgumentException($"region '{region}' is not a valid box", nameof(region));
        if (convention == InitConvention.Raw) return region.Box;
        var (cx, cy, w, h) = AxisAligned(region);
        return new BoundingBox(cx - (w - 1) / 2, cy - (h - 1) / 2, w, h);
    }

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
