namespace MLNet.Siamese.Imaging;

/// <summary>
/// The crop every tracker feeds its model (pysot/NanoTrack <c>get_subwindow</c>, siamfc-pytorch <c>crop_and_resize</c>):
/// a square region of the frame, padded with a constant colour where it leaves the image, resized with OpenCV's uint8
/// bilinear arithmetic (bit-identical to <c>cv2.resize(INTER_LINEAR)</c> of OpenCV 4.6), written as float32 planar
/// CHW straight into a model input tensor.
/// </summary>
internal static class SubWindow
{
    [ThreadStatic]
    private static CropWorkspace? t_workspace;

    /// <summary>
    /// Crops the region of side <paramref name="size"/> whose top-left pixel is (<paramref name="xmin"/>,
    /// <paramref name="ymin"/>) — it may extend past any border; outside pixels take <paramref name="pad"/> — resizes it to
    /// <paramref name="outSize"/>×<paramref name="outSize"/> (no resize when equal) and writes <c>3*outSize*outSize</c>
    /// floats 0..255, planes in <paramref name="order"/>, to the start of <paramref name="destination"/> (pass the slice of
    /// the batch slot). Uses a per-thread <see cref="CropWorkspace"/>, so repeated calls allocate nothing.
    /// </summary>
    /// <exception cref="ArgumentException">Non-positive or oversized sizes, or a destination shorter than <c>3*outSize²</c>.</exception>
    public static void Extract(Frame frame, int xmin, int ymin, int size, int outSize, PadColor pad, ColorOrder order, Span<float> destination)
        => (t_workspace ??= new CropWorkspace()).Extract(frame, xmin, ymin, size, outSize, pad, order, destination);

    /// <summary>
    /// pysot/NanoTrack region origin for centre (<paramref name="cx"/>, <paramref name="cy"/>) and side
    /// <paramref name="size"/> (already rounded, e.g. <c>round(s_x)</c>): <c>floor(cx - (size+1)/2 + 0.5)</c>, same for y.
    /// </summary>
    public static (int XMin, int YMin) PysotOrigin(double cx, double cy, int size)
    {
        double c = (size + 1) / 2.0;
        return (ToInt(Math.Floor(cx - c + 0.5)), ToInt(Math.Floor(cy - c + 0.5)));
    }

    /// <summary>
    /// siamfc-pytorch region for its 0-based centre (<paramref name="cx"/>, <paramref name="cy"/>) and unrounded side
    /// <paramref name="size"/>: side <c>round(size)</c>, corner <c>round(c - (side-1)/2)</c>, both rounding half to even
    /// like Python/numpy.
    /// </summary>
    public static (int XMin, int YMin, int Size) SiamFcRegion(double cx, double cy, double size)
    {
        int side = ToInt(Math.Round(size, MidpointRounding.ToEven));
        double half = (side - 1) / 2.0;
        return (ToInt(Math.Round(cx - half, MidpointRounding.ToEven)), ToInt(Math.Round(cy - half, MidpointRounding.ToEven)), side);
    }

    private static int ToInt(double v)
    {
        if (!double.IsFinite(v) || v < int.MinValue || v > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(v), v, "crop geometry is not a finite 32-bit coordinate");
        return (int)v;
    }
}
