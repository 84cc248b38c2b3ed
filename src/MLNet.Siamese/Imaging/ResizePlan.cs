namespace MLNet.Siamese.Imaging;

/// <summary>
/// Coefficient tables for one (region size, output size) pair, laid out for the crop kernels. The arrays are reused
/// when the plan is recomputed for another pair, so a workspace stops allocating once its plans are large enough.
/// </summary>
internal sealed class ResizePlan
{
    /// <summary>Region side in source pixels.</summary>
    public int Size { get; private set; }

    /// <summary>Output side.</summary>
    public int OutSize { get; private set; }

    /// <summary>Which OpenCV path this pair takes.</summary>
    public ResizeMode Mode { get; private set; }

    /// <summary>Per output column: byte offset <c>3*sx</c> of its first tap inside the region row; the second tap is 3 bytes on.</summary>
    public int[] ColumnOffsets { get; private set; } = [];

    /// <summary>Per output column: the two 16-bit weights packed as <c>w0 | w1 &lt;&lt; 16</c> (the operand layout of pmaddwd).</summary>
    public int[] ColumnWeights { get; private set; } = [];

    /// <summary>Per output row: first region row (clamped).</summary>
    public int[] Row0 { get; private set; } = [];

    /// <summary>Per output row: second region row (clamped).</summary>
    public int[] Row1 { get; private set; } = [];

    /// <summary>Per output row: weight of <see cref="Row0"/> (Linear mode).</summary>
    public int[] RowWeight0 { get; private set; } = [];

    /// <summary>Per output row: weight of <see cref="Row1"/> (Linear mode).</summary>
    public int[] RowWeight1 { get; private set; } = [];

    /// <summary>Monotonic use stamp for least-recently-used eviction in <see cref="CropWorkspace"/>.</summary>
    public long LastUse { get; set; }

    /// <summary>True when the tables currently describe (<paramref name="size"/>, <paramref name="outSize"/>).</summary>
    public bool Matches(int size, int outSize) => Size == size && OutSize == outSize;

    /// <summary>Recomputes the tables for a new pair, growing the arrays only when needed.</summary>
    public void Compute(int size, int outSize)
    {
        Size = size;
        OutSize = outSize;
        Mode = OpenCvResize.ModeFor(size, outSize);
        if (ColumnOffsets.Length < outSize)
        {
            ColumnOffsets = new int[outSize];
            ColumnWeights = new int[outSize];
            Row0 = new int[outSize];
            Row1 = new int[outSize];
            RowWeight0 = new int[outSize];
            RowWeight1 = new int[outSize];
        }

        switch (Mode)
        {
            case ResizeMode.Copy:
                // One tap of weight 1: the horizontal pass yields the pixel itself; the vertical pass takes row 0 as is.
                for (int d = 0; d < outSize; d++)
                {
                    ColumnOffsets[d] = 3 * d;
                    ColumnWeights[d] = 1;
                    Row0[d] = Row1[d] = d;
                }
                break;
            case ResizeMode.Area:
                // 2×2 box: horizontal pair sums, vertical (h0+h1+2)>>2.
                for (int d = 0; d < outSize; d++)
                {
                    ColumnOffsets[d] = 6 * d;
                    ColumnWeights[d] = 1 | (1 << 16);
                    Row0[d] = 2 * d;
                    Row1[d] = 2 * d + 1;
                }
                break;
            default:
                double scale = OpenCvResize.Scale(size, outSize);
                for (int d = 0; d < outSize; d++)
                {
                    var (sx, w0, w1) = OpenCvResize.Column(d, scale, size);
                    ColumnOffsets[d] = 3 * sx;
                    ColumnWeights[d] = w0 | (w1 << 16);
                    (Row0[d], Row1[d], RowWeight0[d], RowWeight1[d]) = OpenCvResize.RowPair(d, scale, size);
                }
                break;
        }
    }
}
