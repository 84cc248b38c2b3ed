using System.Numerics;
using System.Runtime.InteropServices;

namespace MLNet.Siamese.Imaging;

/// <summary>
/// <c>cv2.resize(map, (m, m), interpolation=INTER_CUBIC)</c> of a square float32 map, bit-identical to OpenCV 4.6 as
/// built for Debian 12 (baseline SSE2, no FMA, no IPP). The facts that make it exact, found by comparison against that
/// build:
/// <list type="bullet">
/// <item>source coordinate <c>f = (float)((d+0.5)*scale-0.5)</c>, <c>s = floor(f)</c>, <c>f -= s</c> in float, with
/// <c>scale = 1/(m/n)</c> in double (the same as INTER_LINEAR);</item>
/// <item>Keys weights with <c>A = -0.75f</c> evaluated in float in OpenCV's operand order, the fourth weight being
/// <c>1 - w0 - w1 - w2</c>;</item>
/// <item>taps <c>s-1..s+2</c> clamped to the map (border replicate), the fraction kept at the borders;</item>
/// <item>horizontal pass first (<c>((p0*a0 + p1*a1) + p2*a2) + p3*a3</c>), then the vertical pass, whose SIMD part
/// (the first <c>4*floor(m/4)</c> columns: VResizeCubicVec_32f, whose <c>v_fma</c> is a separate multiply and add
/// without FMA3) sums right to left, <c>r0*b0 + (r1*b1 + (r2*b2 + r3*b3))</c>, while the scalar tail sums left to
/// right.</item>
/// </list>
/// All tables and the intermediate rows are allocated once in the constructor.
/// </summary>
internal sealed class BicubicUpsampler
{
    /// <summary>OpenCV's universal-intrinsic width on an SSE2 baseline: the vertical SIMD loop steps 4 floats.</summary>
    private const int OpenCvLanes = 4;

    private readonly int _n, _m;
    private readonly int[] _columnTaps;      // 4 clamped source columns per output column
    private readonly float[] _columnWeights; // 4 weights per output column
    private readonly int[] _rowTaps;
    private readonly float[] _rowWeights;
    private readonly float[] _horizontal;   // n source rows resized horizontally, n*m

    /// <summary>Prepares the coefficient tables for a <paramref name="sourceSize"/>² to <paramref name="outputSize"/>² resize.</summary>
    public BicubicUpsampler(int sourceSize, int outputSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(outputSize, OpenCvResize.MaxOutSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sourceSize, OpenCvResize.MaxOutSize);
        _n = sourceSize;
        _m = outputSize;
        _columnTaps = new int[4 * outputSize];
        _columnWeights = new float[4 * outputSize];
        // Rows and columns use the same formula on a square map; OpenCV computes them separately but identically.
        Compute(sourceSize, outputSize, _columnTaps, _columnWeights);
        _rowTaps = _columnTaps;
        _rowWeights = _columnWeights;
        _horizontal = new float[sourceSize * outputSize];
    }

    /// <summary>Side of the input map.</summary>
    public int SourceSize => _n;

    /// <summary>Side of the output map.</summary>
    public int OutputSize => _m;

    /// <summary>
    /// Resizes the row-major <see cref="SourceSize"/>² map in <paramref name="source"/> into the first
    /// <see cref="OutputSize"/>² values of <paramref name="destination"/> (row-major). Equal sizes copy, as cv2 does.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public void Resize(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Length < _n * _n) throw new ArgumentException($"source has {source.Length} values, expected {_n * _n}", nameof(source));
        if (destination.Length < _m * _m) throw new ArgumentException($"destination has {destination.Length} values, expected {_m * _m}", nameof(destination));
        if (_n == _m)
        {
            source[..(_n * _n)].CopyTo(destination);
            return;
        }

        for (int sy = 0; sy < _n; sy++)
            Horizontal(source.Slice(sy * _n, _n), _horizontal.AsSpan(sy * _m, _m));

        for (int dy = 0; dy < _m; dy++)
        {
            int t = 4 * dy;
            Vertical(
                _horizontal.AsSpan(_rowTaps[t] * _m, _m), _horizontal.AsSpan(_rowTaps[t + 1] * _m, _m),
                _horizontal.AsSpan(_rowTaps[t + 2] * _m, _m), _horizontal.AsSpan(_rowTaps[t + 3] * _m, _m),
                _rowWeights.AsSpan(t, 4), destination.Slice(dy * _m, _m));
        }
    }

    private void Horizontal(ReadOnlySpan<float> row, Span<float> output)
    {
        var taps = _columnTaps;
        var w = _columnWeights;
        for (int dx = 0, t = 0; dx < output.Length; dx++, t += 4)
            output[dx] = row[taps[t]] * w[t] + row[taps[t + 1]] * w[t + 1] + row[taps[t + 2]] * w[t + 2] + row[taps[t + 3]] * w[t + 3];
    }

    private static void Vertical(ReadOnlySpan<float> r0, ReadOnlySpan<float> r1, ReadOnlySpan<float> r2, ReadOnlySpan<float> r3,
        ReadOnlySpan<float> beta, Span<float> output)
    {
        float b0 = beta[0], b1 = beta[1], b2 = beta[2], b3 = beta[3];
        int width = output.Length;
        int simd = width - width % OpenCvLanes;
        int x = 0;
        if (Vector.IsHardwareAccelerated && simd >= Vector<float>.Count)
        {
            var v0 = MemoryMarshal.Cast<float, Vector<float>>(r0[..simd]);
            var v1 = MemoryMarshal.Cast<float, Vector<float>>(r1[..simd]);
            var v2 = MemoryMarshal.Cast<float, Vector<float>>(r2[..simd]);
            var v3 = MemoryMarshal.Cast<float, Vector<float>>(r3[..simd]);
            var vo = MemoryMarshal.Cast<float, Vector<float>>(output[..simd]);
            // Separate multiplies and adds (the JIT never contracts them into FMA), summed right to left.
            for (int i = 0; i < vo.Length; i++)
                vo[i] = v0[i] * b0 + (v1[i] * b1 + (v2[i] * b2 + v3[i] * b3));
            x = vo.Length * Vector<float>.Count;
        }
        for (; x < simd; x++)
            output[x] = r0[x] * b0 + (r1[x] * b1 + (r2[x] * b2 + r3[x] * b3));
        for (; x < width; x++)
            output[x] = r0[x] * b0 + r1[x] * b1 + r2[x] * b2 + r3[x] * b3;
    }

    /// <summary>Per output index: the four clamped source taps and their weights.</summary>
    private static void Compute(int n, int m, int[] taps, float[] weights)
    {
        double scale = OpenCvResize.Scale(n, m);
        Span<float> c = stackalloc float[4];
        for (int d = 0; d < m; d++)
        {
            var (s, f) = OpenCvResize.Source(d, scale);
            Coefficients(f, c);
            for (int j = 0; j < 4; j++)
            {
                taps[4 * d + j] = Math.Clamp(s - 1 + j, 0, n - 1);
                weights[4 * d + j] = c[j];
            }
        }
    }

    /// <summary>OpenCV's <c>interpolateCubic</c>: Keys' kernel with A = -0.75, in float and in its operand order.</summary>
    internal static void Coefficients(float x, Span<float> c)
    {
        const float A = -0.75f;
        float x1 = x + 1f, y = 1f - x;
        c[0] = ((A * x1 - 5f * A) * x1 + 8f * A) * x1 - 4f * A;
        c[1] = ((A + 2f) * x - (A + 3f)) * x * x + 1f;
        c[2] = ((A + 2f) * y - (A + 3f)) * y * y + 1f;
        c[3] = 1f - c[0] - c[1] - c[2];
    }
}
