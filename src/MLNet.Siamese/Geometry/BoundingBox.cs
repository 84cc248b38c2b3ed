namespace MLNet.Siamese.Geometry;

/// <summary>
/// Axis-aligned box in pixels, the one convention of every public API of the library (trackers of every family, track
/// tables, batch jobs, evaluation results): 0-based, <see cref="X"/>,<see cref="Y"/> is the top-left pixel and the box
/// covers <see cref="Width"/> × <see cref="Height"/> pixels, so pixel columns <c>x … x+w-1</c> for integer values.
/// Its centre in pixel-index coordinates (pixel <c>i</c> centred on <c>i</c>, as the crops sample the frame) is
/// <see cref="CenterX"/>, <see cref="CenterY"/>: every tracking scheme centres its template on it and reports boxes
/// with the inverse, <c>x = cx - (w-1)/2</c>. Reference implementations that read boxes otherwise (pysot's test
/// scripts' <c>[x+0.5, y+0.5, w, h]</c>, siamfc-pytorch's 1-based boxes) are evaluation options
/// (<c>InitConvention</c> in MLNet.Siamese.Evaluation), never a difference between trackers.
/// </summary>
public readonly record struct BoundingBox(double X, double Y, double Width, double Height)
{
    /// <summary>Centre column in pixel-index coordinates: <c>x + (w-1)/2</c> (the middle of columns <c>x … x+w-1</c>).</summary>
    public double CenterX => X + (Width - 1) / 2;

    /// <summary>Centre row in pixel-index coordinates: <c>y + (h-1)/2</c>.</summary>
    public double CenterY => Y + (Height - 1) / 2;

    /// <summary>Width × height.</summary>
    public double Area => Width * Height;

    /// <summary>True when all coordinates are finite and the size is positive.</summary>
    public bool IsValid => double.IsFinite(X) && double.IsFinite(Y) && double.IsFinite(Width) && double.IsFinite(Height)
                           && Width > 0 && Height > 0;

    /// <summary>
    /// Largest width or height, in pixels, a tracker is initialised with (<see cref="Problem"/>): 16 sides of a 4096-pixel
    /// frame. Trackers crop a search region about 4× the box's larger side (context plus the search/exemplar ratio), so
    /// this keeps every crop inside the crop code's limits whatever the frame.
    /// </summary>
    public const double MaxSide = 65536;

    /// <summary>
    /// Largest ratio between an initial box's width (height) and the frame's width (height)
    /// (<see cref="ProblemIn"/>). A target may extend past the borders (partly out of view), but a box many frames wide
    /// is a typo or a unit mistake: trackers clamp their box to the frame size after the first step anyway.
    /// </summary>
    public const double MaxFrameRatio = 16;

    /// <summary>
    /// Why this box cannot initialise a tracker, whatever the frame: a coordinate that is not finite, a width or height
    /// that is not positive or exceeds <see cref="MaxSide"/>; null when it can.
    /// </summary>
    public string? Problem()
    {
        if (!double.IsFinite(X) || !double.IsFinite(Y) || !double.IsFinite(Width) || !double.IsFinite(Height))
            return $"box {this} must have finite coordinates";
        if (!(Width > 0) || !(Height > 0))
            return $"box {this} must have a positive width and height";
        if (Width > MaxSide || Height > MaxSide)
            return FormattableString.Invariant($"box {this} is larger than {MaxSide:0} pixels");
        return null;
    }

    /// <summary>
    /// Why this box cannot initialise a tracker on a <paramref name="frameWidth"/>×<paramref name="frameHeight"/> frame:
    /// <see cref="Problem"/>, or it does not overlap the frame, or its width (height) exceeds <see cref="MaxFrameRatio"/>
    /// times the frame's; null when it can.
    /// </summary>
    public string? ProblemIn(int frameWidth, int frameHeight)
    {
        if (Problem() is { } problem) return problem;
        if (X >= frameWidth || Y >= frameHeight || X + Width <= 0 || Y + Height <= 0)
            return $"box {this} lies outside the {frameWidth}x{frameHeight} frame";
        if (Width > MaxFrameRatio * frameWidth || Height > MaxFrameRatio * frameHeight)
            return FormattableString.Invariant($"box {this} is more than {MaxFrameRatio:0} times the size of the {frameWidth}x{frameHeight} frame");
        return null;
    }

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
    /// <remarks>Values of a billion or more (typos such as <c>1e308</c>) are written in exponent form to keep messages short.</remarks>
    public override string ToString() => $"{Format(X)},{Format(Y)},{Format(Width)},{Format(Height)}";

    private static string Format(double v) =>
        v.ToString(Math.Abs(v) < 1e9 ? "0.###" : "0.###e+0", System.Globalization.CultureInfo.InvariantCulture);
}
