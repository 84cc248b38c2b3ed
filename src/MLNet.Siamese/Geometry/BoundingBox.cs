namespace MLNet.Siamese.Geometry;

/// <summary>
/// Axis-aligned box in pixels: <see cref="X"/>,<see cref="Y"/> is the top-left corner, as in OTB/UAV ground-truth files.
/// </summary>
public readonly record struct BoundingBox(double X, double Y, double Width, double Height)
{
    /// <summary>Centre in the convention of pysot/NanoTrack: <c>x + (w-1)/2</c>.</summary>
    public double CenterX => X + (Width - 1) / 2;

    /// <summary>Centre in the convention of pysot/NanoTrack: <c>y + (h-1)/2</c>.</summary>
    public double CenterY => Y + (Height - 1) / 2;

    /// <summary>Width × height.</summary>
    public double Area => Width * Height;

    /// <summary>True when all coordinates are finite and the size is positive.</summary>
    public bool IsValid => double.IsFinite(X) && double.IsFinite(Y) && double.IsFinite(Width) && double.IsFinite(Height)
                           && Width > 0 && Height > 0;

    /// <summary>Intersection over union with areas <c>w*h</c> (no +1), the OTB toolkit definition; 0 when either box is empty.</summary>
    public double IoU(BoundingBox other)
    {
        double left = Math.Max(X, other.X), top = Math.Max(Y, other.Y);
        double right = Math.Min(X + Width, other.X + other.Width), bottom = Math.Min(Y + Height, other.Y + other.Height);
        double inter = Math.Max(0, right - left) * Math.Max(0, bottom - top);
        double union = Area + other.Area - inter;
        return union <= 0 ? 0 : Math.Clamp(inter / union, 0, 1);
    }

    /// <summary>Parses <c>x,y,w,h</c> (comma, tab or space separated, invariant culture).</summary>
    /// <exception cref="FormatException">Not four finite numbers.</exception>
    public static BoundingBox Parse(string text)
    {
        var parts = text.Split([',', ' ', '\t', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 4)
            throw new FormatException($"expected 4 numbers x,y,w,h but got {parts.Length} in '{text}'");
        var v = new double[4];
        for (int i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out v[i])
                || !double.IsFinite(v[i]))
                throw new FormatException($"'{parts[i]}' is not a finite number in '{text}'");
        }
        return new BoundingBox(v[0], v[1], v[2], v[3]);
    }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"{X:0.###},{Y:0.###},{Width:0.###},{Height:0.###}");
}
