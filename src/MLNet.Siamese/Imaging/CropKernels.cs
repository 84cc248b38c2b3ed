using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLNet.Siamese.Imaging;

/// <summary>
/// Inner loops of the crop: a horizontal pass from one interleaved BGR row to three planar rows of exact integer sums,
/// and a vertical pass combining two such rows into float output. All arithmetic is integer, so every variant
/// (AVX2, <see cref="Vector{T}"/>, scalar) gives identical results.
/// </summary>
internal static unsafe class CropKernels
{
    /// <summary>
    /// <c>h[c][dx] = src[o+c]*w0 + src[o+3+c]*w1</c> with <c>o = offsets[dx]</c> and <c>(w0,w1)</c> unpacked from
    /// <paramref name="weights"/>; reads up to <c>src[max(o)+5]</c>.
    /// </summary>
    public static void Horizontal(byte* src, int* offsets, int* weights, int count, int* hB, int* hG, int* hR, bool allowAvx2)
    {
        int dx = allowAvx2 && Avx2.IsSupported ? HorizontalAvx2(src, offsets, weights, count, hB, hG, hR) : 0;
        for (; dx < count; dx++)
        {
            byte* p = src + offsets[dx];
            int w = weights[dx];
            int w0 = (short)w, w1 = w >> 16;
            hB[dx] = p[0] * w0 + p[3] * w1;
            hG[dx] = p[1] * w0 + p[4] * w1;
            hR[dx] = p[2] * w0 + p[5] * w1;
        }
    }

    /// <summary>
    /// Eight columns per step: two dword gathers fetch bytes <c>o..o+3</c> (B0 G0 R0 B1) and <c>o+2..o+5</c> (R0 B1 G1 R1);
    /// each channel's two taps are packed into 16-bit halves and pmaddwd applies both weights at once.
    /// </summary>
    private static int HorizontalAvx2(byte* src, int* offsets, int* weights, int count, int* hB, int* hG, int* hR)
    {
        var lo = Vector256.Create(0xFF);
        var hi = Vector256.Create(0xFF0000);
        int dx = 0;
        for (; dx <= count - 8; dx += 8)
        {
            var index = Avx.LoadVector256(offsets + dx);
            var d0 = Avx2.GatherVector256((int*)src, index, 1);
            var d1 = Avx2.GatherVector256((int*)(src + 2), index, 1);
            var w = Avx.LoadVector256(weights + dx).AsInt16();
            var b = (d0 & lo) | (Vector256.ShiftRightLogical(d0, 8) & hi);
            var g = (Vector256.ShiftRightLogical(d0, 8) & lo) | (d1 & hi);
            var r = (Vector256.ShiftRightLogical(d0, 16) & lo) | (Vector256.ShiftRightLogical(d1, 8) & hi);
            Avx.Store(hB + dx, Avx2.MultiplyAddAdjacent(b.AsInt16(), w));
            Avx.Store(hG + dx, Avx2.MultiplyAddAdjacent(g.AsInt16(), w));
            Avx.Store(hR + dx, Avx2.MultiplyAddAdjacent(r.AsInt16(), w));
        }
        return dx;
    }

    /// <summary>Linear mode: <see cref="OpenCvResize.Vertical"/> on every element, converted to float.</summary>
    public static void VerticalLinear(int* h0, int* h1, int b0, int b1, int count, float* dst)
    {
        int x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vb0 = new Vector<int>(b0);
            var vb1 = new Vector<int>(b1);
            var two = new Vector<int>(2);
            var max = new Vector<int>(255);
            for (; x <= count - Vector<int>.Count; x += Vector<int>.Count)
            {
                var t0 = Vector.ShiftRightArithmetic(Vector.ShiftRightArithmetic(Load(h0 + x), 4) * vb0, 16);
                var t1 = Vector.ShiftRightArithmetic(Vector.ShiftRightArithmetic(Load(h1 + x), 4) * vb1, 16);
                var v = Vector.Min(Vector.ShiftRightArithmetic(t0 + t1 + two, 2), max); // never negative: inputs and weights are >= 0
                Store(Vector.ConvertToSingle(v), dst + x);
            }
        }
        for (; x < count; x++)
            dst[x] = OpenCvResize.Vertical(h0[x], h1[x], b0, b1);
    }

    /// <summary>Area mode (2×2 box): <c>(h0 + h1 + 2) &gt;&gt; 2</c> where each h is a horizontal pair sum.</summary>
    public static void VerticalArea(int* h0, int* h1, int count, float* dst)
    {
        int x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var two = new Vector<int>(2);
            for (; x <= count - Vector<int>.Count; x += Vector<int>.Count)
                Store(Vector.ConvertToSingle(Vector.ShiftRightArithmetic(Load(h0 + x) + Load(h1 + x) + two, 2)), dst + x);
        }
        for (; x < count; x++)
            dst[x] = (h0[x] + h1[x] + 2) >> 2;
    }

    /// <summary>Copy mode: the horizontal values are the pixels.</summary>
    public static void VerticalCopy(int* h0, int count, float* dst)
    {
        int x = 0;
        if (Vector.IsHardwareAccelerated)
            for (; x <= count - Vector<int>.Count; x += Vector<int>.Count)
                Store(Vector.ConvertToSingle(Load(h0 + x)), dst + x);
        for (; x < count; x++)
            dst[x] = h0[x];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<int> Load(int* p) => Unsafe.ReadUnaligned<Vector<int>>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector<float> v, float* p) => Unsafe.WriteUnaligned(p, v);
}
