namespace MLNet.Siamese.Tracking;

/// <summary>
/// The state of a siamfc-pytorch tracker, in its own conventions and dtypes: a 0-based centre and target size held as
/// float32 (its <c>np.array(..., dtype=np.float32)</c> box, updated in place so it stays float32), and the exemplar and
/// search sides <c>z_sz</c>, <c>x_sz</c> as float64 (numpy promotes them on their first computation or update;
/// <c>z_sz</c> is a float32 value at init, exactly representable in double).
/// </summary>
/// <param name="CenterX">Centre column, 0-based (siamfc's <c>center[1]</c>).</param>
/// <param name="CenterY">Centre row, 0-based (siamfc's <c>center[0]</c>).</param>
/// <param name="Width">Target width (siamfc's <c>target_sz[1]</c>).</param>
/// <param name="Height">Target height (siamfc's <c>target_sz[0]</c>).</param>
/// <param name="ExemplarSide">Side of the template crop in frame pixels, <c>z_sz</c>.</param>
/// <param name="SearchSide">Side of the centre-scale search crop in frame pixels, <c>x_sz</c>.</param>
internal readonly record struct SiamFcState(float CenterX, float CenterY, float Width, float Height, double ExemplarSide, double SearchSide)
{
    /// <summary>
    /// siamfc-pytorch's <c>init</c> on a box in the library's convention (0-based top-left <c>x, y, w, h</c>): centre
    /// <c>(y+(h-1)/2, x+(w-1)/2)</c> (<see cref="Geometry.BoundingBox.CenterX"/>; siamfc-pytorch reads its 1-based box
    /// as <c>x-1+(w-1)/2</c>, the same float64 operations on <c>x-1</c>) and size rounded to float32;
    /// <c>ctx = context*(w+h)</c> (the float32 sum, then float64); <c>z_sz = sqrt((w+ctx)(h+ctx))</c> in float32;
    /// <c>x_sz = z_sz*instance/exemplar</c> in float64.
    /// </summary>
    public static SiamFcState FromBox(double x, double y, double width, double height,
        double context = 0.5, int exemplarSize = 127, int instanceSize = 255)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exemplarSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(instanceSize);
        float cy = (float)(y + (height - 1) / 2), cx = (float)(x + (width - 1) / 2);
        float h = (float)height, w = (float)width;
        double ctx = context * (double)(h + w);
        // target_sz + context: a float32 array plus a float64 scalar stays float32 (value-based casting).
        float c32 = (float)ctx;
        float z = MathF.Sqrt((h + c32) * (w + c32));
        double xSide = (double)z * instanceSize / exemplarSize;
        return new SiamFcState(cx, cy, w, h, z, xSide);
    }

    /// <summary>
    /// The box in the library's convention, <c>[cx-(w-1)/2, cy-(h-1)/2, w, h]</c>, computed in float64 from the float32
    /// state as numpy does (siamfc-pytorch reports the same box plus one, 1-based).
    /// </summary>
    public (double X, double Y, double Width, double Height) ToBox()
    {
        double w = Width, h = Height;
        return ((double)CenterX - (w - 1) / 2, (double)CenterY - (h - 1) / 2, w, h);
    }

    /// <summary>
    /// The frame region siamfc-pytorch's <c>crop_and_resize</c> takes for a crop of unrounded side
    /// <paramref name="side"/> (<see cref="ExemplarSide"/> for the template, <c>SearchSide*scaleFactor</c> per search
    /// scale): side <c>round(side)</c>, top-left <c>round(center - (side-1)/2)</c>, rounding half to even. Same as
    /// <see cref="Imaging.SubWindow.SiamFcRegion"/> except that the corner is computed in float32 like numpy does on the
    /// float32 centre, which only differs when the float32 difference lands exactly on a half.
    /// </summary>
    public (int XMin, int YMin, int Size) Region(double side)
    {
        var (_, _, size) = Imaging.SubWindow.SiamFcRegion(0, 0, side);
        float half = (size - 1) / 2f;
        return (Corner(CenterX - half), Corner(CenterY - half), size);
    }

    private static int Corner(float v)
    {
        if (!float.IsFinite(v) || MathF.Abs(v) > 1e9f)
            throw new ArgumentOutOfRangeException(nameof(v), v, "crop geometry is not a finite 32-bit coordinate");
        return (int)MathF.Round(v, MidpointRounding.ToEven);
    }
}
