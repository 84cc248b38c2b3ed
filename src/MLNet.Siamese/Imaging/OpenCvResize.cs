namespace MLNet.Siamese.Imaging;

/// <summary>
/// The arithmetic facts of OpenCV 4.6's <c>cv::resize</c> on 8-bit images (INTER_LINEAR), shared by the fast and the
/// reference crop so that both derive their coefficients from the same formulas.
/// </summary>
internal static class OpenCvResize
{
    /// <summary>INTER_RESIZE_COEF_SCALE: weights are 11-bit fixed point.</summary>
    public const int CoefScale = 2048;

    /// <summary>C's DBL_EPSILON (not <see cref="double.Epsilon"/>, which is the smallest denormal).</summary>
    private const double DblEpsilon = 2.220446049250313e-16;

    /// <summary>Largest accepted output side; keeps every size product inside <see cref="int"/>.</summary>
    public const int MaxOutSize = 8192;

    /// <summary>Largest accepted region side; keeps <c>size*3</c> row buffers small enough to address.</summary>
    public const int MaxRegionSize = 1 << 20;

    /// <summary>The path OpenCV takes from a <paramref name="size"/>² source to a <paramref name="outSize"/>² result.</summary>
    public static ResizeMode ModeFor(int size, int outSize)
    {
        if (size == outSize) return ResizeMode.Copy;
        // cv::resize derives the scale as 1/(dst/src), then switches INTER_LINEAR to the fast area path when it is exactly 2.
        double scale = Scale(size, outSize);
        int iscale = SaturateInt(scale);
        bool areaFast = Math.Abs(scale - iscale) < DblEpsilon;
        return areaFast && iscale == 2 ? ResizeMode.Area : ResizeMode.Linear;
    }

    /// <summary><c>scale_x = 1./inv_scale_x</c> with <c>inv_scale_x = (double)dst/src</c>.</summary>
    public static double Scale(int size, int outSize) => 1.0 / ((double)outSize / size);

    /// <summary>
    /// Source index and fractional part for destination index <paramref name="d"/>, as OpenCV computes them:
    /// <c>f = (float)((d+0.5)*scale-0.5)</c>, <c>s = floor(f)</c>, <c>f -= s</c> (in float).
    /// </summary>
    public static (int Index, float Fraction) Source(int d, double scale)
    {
        float f = (float)((d + 0.5) * scale - 0.5);
        int s = (int)MathF.Floor(f);
        return (s, f - s);
    }

    /// <summary>The fixed-point weight pair <c>saturate_cast&lt;short&gt;((1-f)*2048), saturate_cast&lt;short&gt;(f*2048)</c>.</summary>
    public static (int W0, int W1) Weights(float fraction)
    {
        float c0 = 1f - fraction;
        return (SaturateShort(c0 * CoefScale), SaturateShort(fraction * CoefScale));
    }

    /// <summary>
    /// Horizontal source pixel and weights for output column <paramref name="dx"/>: indices below 0 or at/after the last
    /// pixel are clamped with the fraction forced to 0 (OpenCV does this for x only).
    /// </summary>
    public static (int Sx, int W0, int W1) Column(int dx, double scale, int size)
    {
        var (sx, fx) = Source(dx, scale);
        if (sx < 0) { sx = 0; fx = 0; }
        if (sx >= size - 1) { sx = size - 1; fx = 0; }
        var (w0, w1) = Weights(fx);
        return (sx, w0, w1);
    }

    /// <summary>
    /// Vertical source rows and weights for output row <paramref name="dy"/>. Unlike x, OpenCV keeps the fraction at the
    /// borders and only clamps the row indices, which matters for the SIMD rounding formula.
    /// </summary>
    public static (int Row0, int Row1, int W0, int W1) RowPair(int dy, double scale, int size)
    {
        var (sy, fy) = Source(dy, scale);
        var (w0, w1) = Weights(fy);
        return (Math.Clamp(sy, 0, size - 1), Math.Clamp(sy + 1, 0, size - 1), w0, w1);
    }

    /// <summary>
    /// The vertical combination of two horizontal sums (each <c>pixel*weight</c> sums at scale 2048) as the build of
    /// OpenCV 4.6 in use computes it on every element of the row (its VResizeLinearVec_32s8u formula, no scalar tail):
    /// <c>((((h0&gt;&gt;4)*b0)&gt;&gt;16) + (((h1&gt;&gt;4)*b1)&gt;&gt;16) + 2) &gt;&gt; 2</c>, saturated to a byte.
    /// </summary>
    public static int Vertical(int h0, int h1, int b0, int b1)
    {
        int v = ((((h0 >> 4) * b0) >> 16) + (((h1 >> 4) * b1) >> 16) + 2) >> 2;
        return Math.Clamp(v, 0, 255);
    }

    /// <summary><c>saturate_cast&lt;short&gt;(float)</c>: round half to even (cvRound), then clamp.</summary>
    private static int SaturateShort(float v) => (int)Math.Clamp(MathF.Round(v, MidpointRounding.ToEven), short.MinValue, short.MaxValue);

    /// <summary><c>saturate_cast&lt;int&gt;(double)</c>: round half to even, then clamp.</summary>
    private static int SaturateInt(double v) => (int)Math.Clamp(Math.Round(v, MidpointRounding.ToEven), int.MinValue, int.MaxValue);
}
