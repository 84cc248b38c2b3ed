namespace MLNet.Siamese.Imaging;

/// <summary>
/// Reusable state for <see cref="SubWindow"/> crops: coefficient tables for the last few (size, output size) pairs and
/// the row buffers, so that steady-state tracking allocates nothing per frame. Not thread-safe: use one per thread
/// (the static <see cref="SubWindow.Extract"/> keeps one per thread for you).
/// </summary>
internal sealed class CropWorkspace
{
    // Trackers use a handful of pairs per frame (template, search, up to 3 scales); 8 covers them with room to spare.
    private const int PlanCacheSize = 8;

    private readonly ResizePlan[] _plans = new ResizePlan[PlanCacheSize];
    private long _clock;
    private int[] _slots = [];
    private byte[] _line = [];
    private byte[] _padLine = [];
    private PadColor? _padLineColor;

    /// <summary>Creates an empty workspace; buffers grow on first use.</summary>
    public CropWorkspace()
    {
        for (int i = 0; i < _plans.Length; i++) _plans[i] = new ResizePlan();
    }

    /// <summary>When false, the AVX2 gather kernel is not used (tests exercise the portable path with it).</summary>
    internal bool AllowAvx2 { get; set; } = true;

    /// <summary>
    /// Same as <see cref="SubWindow.Extract"/>: crops the square region of side <paramref name="size"/> at
    /// (<paramref name="xmin"/>, <paramref name="ymin"/>) of <paramref name="frame"/> (outside pixels take
    /// <paramref name="pad"/>), resizes it to <paramref name="outSize"/>² exactly like <c>cv2.resize(INTER_LINEAR)</c> on
    /// uint8, and writes <c>3*outSize*outSize</c> floats (0..255, planar, <paramref name="order"/>) to the start of
    /// <paramref name="destination"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Non-positive or oversized sizes, or a destination shorter than <c>3*outSize²</c>.</exception>
    public void Extract(Frame frame, int xmin, int ymin, int size, int outSize, PadColor pad, ColorOrder order, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Extract(frame.ReadOnlyPixels, frame.Width, frame.Height, frame.Stride, xmin, ymin, size, outSize, pad, order, destination);
    }

    /// <summary>The crop on raw interleaved BGR pixels (<paramref name="stride"/> bytes per row).</summary>
    internal unsafe void Extract(ReadOnlySpan<byte> pixels, int width, int height, int stride, int xmin, int ymin, int size,
                                 int outSize, PadColor pad, ColorOrder order, Span<float> destination)
    {
        ValidateArguments(pixels.Length, width, height, stride, size, outSize, destination.Length);
        var plan = GetPlan(size, outSize);
        EnsureBuffers(size, outSize, pad);

        int n = outSize;
        long plane = (long)n * n;
        fixed (byte* px = pixels)
        fixed (byte* line = _line)
        fixed (byte* padLine = _padLine)
        fixed (int* slots = _slots)
        fixed (int* offsets = plan.ColumnOffsets)
        fixed (int* weights = plan.ColumnWeights)
        fixed (float* dst = destination)
        {
            var rows = new CropRowCache(px, pixels.Length, width, height, stride, xmin, ymin, size, n,
                                        line, padLine, offsets, weights, slots, AllowAvx2);
            // Row buffers are planar B, G, R; the output plane of each follows the model's channel order.
            float* outB = dst + (order == ColorOrder.Bgr ? 0 : 2 * plane);
            float* outG = dst + plane;
            float* outR = dst + (order == ColorOrder.Bgr ? 2 * plane : 0);
            int[] row0 = plan.Row0, row1 = plan.Row1, beta0 = plan.RowWeight0, beta1 = plan.RowWeight1;
            for (int dy = 0; dy < n; dy++)
            {
                rows.Pair(row0[dy], row1[dy], out int* h0, out int* h1);
                long at = (long)dy * n;
                switch (plan.Mode)
                {
                    case ResizeMode.Linear:
                        int b0 = beta0[dy], b1 = beta1[dy];
                        CropKernels.VerticalLinear(h0, h1, b0, b1, n, outB + at);
                        CropKernels.VerticalLinear(h0 + n, h1 + n, b0, b1, n, outG + at);
                        CropKernels.VerticalLinear(h0 + 2 * n, h1 + 2 * n, b0, b1, n, outR + at);
                        break;
                    case ResizeMode.Area:
                        CropKernels.VerticalArea(h0, h1, n, outB + at);
                        CropKernels.VerticalArea(h0 + n, h1 + n, n, outG + at);
                        CropKernels.VerticalArea(h0 + 2 * n, h1 + 2 * n, n, outR + at);
                        break;
                    default:
                        CropKernels.VerticalCopy(h0, n, outB + at);
                        CropKernels.VerticalCopy(h0 + n, n, outG + at);
                        CropKernels.VerticalCopy(h0 + 2 * n, n, outR + at);
                        break;
                }
            }
        }
    }

    /// <summary>Shared argument checks of the fast and the reference crop.</summary>
    internal static void ValidateArguments(int pixelLength, int width, int height, int stride, int size, int outSize, int destinationLength)
    {
        if (size <= 0 || size > OpenCvResize.MaxRegionSize)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"region side must be in 1..{OpenCvResize.MaxRegionSize}");
        if (outSize <= 0 || outSize > OpenCvResize.MaxOutSize)
            throw new ArgumentOutOfRangeException(nameof(outSize), outSize, $"output side must be in 1..{OpenCvResize.MaxOutSize}");
        long needed = 3L * outSize * outSize;
        if (destinationLength < needed)
            throw new ArgumentException($"destination holds {destinationLength} floats but a 3x{outSize}x{outSize} crop needs {needed}", "destination");
        if (width <= 0 || height <= 0 || stride < 3L * width || pixelLength < (long)stride * (height - 1) + 3L * width)
            throw new ArgumentException("pixel buffer does not match width, height and stride", "pixels");
    }

    private ResizePlan GetPlan(int size, int outSize)
    {
        ResizePlan? oldest = null;
        foreach (var plan in _plans)
        {
            if (plan.Matches(size, outSize))
            {
                plan.LastUse = ++_clock;
                return plan;
            }
            if (oldest is null || plan.LastUse < oldest.LastUse) oldest = plan;
        }
        oldest!.Compute(size, outSize);
        oldest.LastUse = ++_clock;
        return oldest;
    }

    private void EnsureBuffers(int size, int outSize, PadColor pad)
    {
        int slotInts = 3 * 3 * outSize;
        if (_slots.Length < slotInts) _slots = new int[slotInts];
        int lineBytes = 3 * size + CropRowCache.Slack;
        if (_line.Length < lineBytes) _line = new byte[lineBytes];
        if (_padLine.Length < lineBytes) { _padLine = new byte[lineBytes]; _padLineColor = null; }
        if (_padLineColor != pad)
        {
            // The pad colour repeated pixel by pixel (lengths are multiples of 3), copied from whenever a row needs padding.
            for (int i = 0; i < _padLine.Length; i += 3)
            {
                _padLine[i] = pad.B;
                _padLine[i + 1] = pad.G;
                _padLine[i + 2] = pad.R;
            }
            _padLineColor = pad;
        }
    }
}
