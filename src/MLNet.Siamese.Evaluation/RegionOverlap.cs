using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Evaluation;

/// <summary>
/// Exact intersection-over-union of rectangles and polygons, optionally bounded to the image as the VOT toolkit does
/// (both regions cut to <c>[0,W]×[0,H]</c> first). Polygons are cut by Sutherland–Hodgman clipping, which needs the
/// clipping region convex: rectangles and VOT's 4-point rotated boxes are. The VOT toolkit rasterises regions to
/// pixel masks instead, so its figures can differ from these exact areas in the third decimal on thin polygons.
/// </summary>
public static class RegionOverlap
{
    /// <summary>
    /// IoU of two regions in [0,1]; NaN when either is a special code; 0 when either is not a valid region
    /// (NaN coordinates, non-positive size).
    /// </summary>
    /// <param name="a">First region (e.g. the prediction).</param>
    /// <param name="b">Second region (e.g. the ground truth).</param>
    /// <param name="bounds">Image size to cut both regions to; null for unbounded.</param>
    public static double IoU(Region a, Region b, ImageSize? bounds = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Kind == RegionKind.Special || b.Kind == RegionKind.Special) return double.NaN;
        if (!a.IsValid || !b.IsValid) return 0;
        double[] pa = ToArray(a.Points), pb = ToArray(b.Points);
        if (bounds is { } size)
        {
            double[] frame = [0, 0, size.Width, 0, size.Width, size.Height, 0, size.Height];
            pa = Clip(pa, frame);
            pb = Clip(pb, frame);
        }
        double areaA = Area(pa), areaB = Area(pb);
        // Clip by the rectangle when there is one (always convex); VOT polygons are convex rotated boxes otherwise.
        double inter = a.Kind == RegionKind.Rectangle ? Area(Clip(pb, pa)) : Area(Clip(pa, pb));
        double union = areaA + areaB - inter;
        return union <= 0 ? 0 : Math.Clamp(inter / union, 0, 1);
    }

    /// <summary>Area of a simple polygon <c>x1,y1,x2,y2,…</c> (shoelace formula, orientation-free).</summary>
    public static double Area(IReadOnlyList<double> points) => Math.Abs(SignedArea(ToArray(points)));

    /// <summary>
    /// The part of <paramref name="subject"/> inside the convex polygon <paramref name="clip"/> (either orientation);
    /// both as <c>x1,y1,x2,y2,…</c>. An empty array when nothing remains.
    /// </summary>
    public static double[] Clip(double[] subject, double[] clip)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(clip);
        double orientation = Math.Sign(SignedArea(clip));
        if (orientation == 0) return [];
        var output = new List<double>(subject);
        int n = clip.Length / 2;
        for (int e = 0; e < n && output.Count >= 6; e++)
        {
            double ax = clip[2 * e], ay = clip[2 * e + 1];
            double bx = clip[2 * ((e + 1) % n)], by = clip[2 * ((e + 1) % n) + 1];
            var input = output.ToArray();
            output.Clear();
            int m = input.Length / 2;
            for (int i = 0; i < m; i++)
            {
                double px = input[2 * i], py = input[2 * i + 1];
                double qx = input[2 * ((i + 1) % m)], qy = input[2 * ((i + 1) % m) + 1];
                double sp = orientation * Side(ax, ay, bx, by, px, py), sq = orientation * Side(ax, ay, bx, by, qx, qy);
                if (sp >= 0) output.AddRange([px, py]);
                if ((sp >= 0) != (sq >= 0))
                {
                    double t = sp / (sp - sq);
                    output.AddRange([px + t * (qx - px), py + t * (qy - py)]);
                }
            }
        }
        return output.Count >= 6 ? output.ToArray() : [];
    }

    // > 0 when (px,py) lies left of the directed edge a→b.
    private static double Side(double ax, double ay, double bx, double by, double px, double py) =>
        (bx - ax) * (py - ay) - (by - ay) * (px - ax);

    private static double SignedArea(double[] p)
    {
        double sum = 0;
        int n = p.Length / 2;
        for (int i = 0; i < n; i++)
        {
            int j = (i + 1) % n;
            sum += p[2 * i] * p[2 * j + 1] - p[2 * j] * p[2 * i + 1];
        }
        return sum / 2;
    }

    private static double[] ToArray(IReadOnlyList<double> points) => points as double[] ?? points.ToArray();
}
