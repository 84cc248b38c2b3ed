using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Evaluation;

/// <summary>
/// One row of an annotation or result file: a rectangle, a polygon (VOT) or a VOT special code. <see cref="Box"/> is
/// always the axis-aligned box (for a polygon: the min/max of its points, as used for OTB-style scoring).
/// </summary>
public sealed class Region
{
    /// <summary>VOT code of a frame the tracker was not run on (between a failure and the re-initialisation).</summary>
    public const int Skipped = 0;

    /// <summary>VOT code of a (re)initialisation frame.</summary>
    public const int Initialization = 1;

    /// <summary>VOT code of a failure frame.</summary>
    public const int Failure = 2;

    private readonly double[]? _points;

    private Region(RegionKind kind, BoundingBox box, double[]? points, int code)
    {
        Kind = kind;
        Box = box;
        _points = points;
        Code = code;
    }

    /// <summary>Rectangle, polygon or special code.</summary>
    public RegionKind Kind { get; }

    /// <summary>The axis-aligned box (NaN coordinates for a special code).</summary>
    public BoundingBox Box { get; }

    /// <summary>The VOT code of a <see cref="RegionKind.Special"/> row; -1 otherwise.</summary>
    public int Code { get; }

    /// <summary>Polygon points <c>x1,y1,x2,y2,…</c>; for a rectangle its four corners.</summary>
    public IReadOnlyList<double> Points => _points ?? Corners(Box);

    /// <summary>True for a rectangle or polygon with finite coordinates and a positive size.</summary>
    public bool IsValid => Kind != RegionKind.Special && Box.IsValid;

    /// <summary>A rectangle region.</summary>
    public static Region FromBox(BoundingBox box) => new(RegionKind.Rectangle, box, null, -1);

    /// <summary>A VOT special code (0, 1 or 2).</summary>
    public static Region FromCode(int code) => new(RegionKind.Special, new BoundingBox(double.NaN, double.NaN, double.NaN, double.NaN), null, code);

    /// <summary>A polygon from <c>x1,y1,x2,y2,…</c> (at least three points).</summary>
    public static Region FromPolygon(IReadOnlyList<double> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 6 || points.Count % 2 != 0)
            throw new ArgumentException("a polygon needs an even number of values, at least 6", nameof(points));
        var copy = points.ToArray();
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < copy.Length; i += 2)
        {
            minX = Math.Min(minX, copy[i]);
            maxX = Math.Max(maxX, copy[i]);
            minY = Math.Min(minY, copy[i + 1]);
            maxY = Math.Max(maxY, copy[i + 1]);
        }
        // Math.Min/Max propagate NaN, so a polygon with a NaN point gets an invalid box.
        return new Region(RegionKind.Polygon, new BoundingBox(minX, minY, maxX - minX, maxY - minY), copy, -1);
    }

    private static double[] Corners(BoundingBox b) =>
        [b.X, b.Y, b.X + b.Width, b.Y, b.X + b.Width, b.Y + b.Height, b.X, b.Y + b.Height];

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        RegionKind.Special => Code.ToString(System.Globalization.CultureInfo.InvariantCulture),
        RegionKind.Polygon => string.Join(',', _points!.Select(p => p.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
        _ => Box.ToString(),
    };
}
