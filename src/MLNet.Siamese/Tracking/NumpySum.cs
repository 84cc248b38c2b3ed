using System.Numerics;

namespace MLNet.Siamese.Tracking;

/// <summary>
/// <c>ndarray.sum()</c> of a contiguous array as numpy 1.x computes it, to the last bit: the reduction iterator hands
/// the add loop blocks of at most 8192 elements (its buffer size), accumulated one after the other from 0, and each
/// block is summed pairwise in the element type (eight running sums up to 128 elements, halving above).
/// </summary>
internal static class NumpySum
{
    private const int BufferSize = 8192;
    private const int PairwiseBlock = 128;

    /// <summary>
    /// Sum of float32 (float32 accumulators) or float64 values. Generic math over the element type keeps every add in
    /// that type (the JIT specialises value types, and IEEE adds in a type round the same way), so one body serves both.
    /// </summary>
    public static T Sum<T>(ReadOnlySpan<T> values) where T : struct, IFloatingPointIeee754<T>
    {
        T total = T.Zero;
        for (int i = 0; i < values.Length; i += BufferSize)
            total += Pairwise(values.Slice(i, Math.Min(BufferSize, values.Length - i)));
        return total;
    }

    private static T Pairwise<T>(ReadOnlySpan<T> a) where T : struct, IFloatingPointIeee754<T>
    {
        int n = a.Length;
        if (n < 8)
        {
            T res = T.Zero;
            for (int i = 0; i < n; i++) res += a[i];
            return res;
        }
        if (n <= PairwiseBlock)
        {
            T r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i = 8;
            for (; i < n - n % 8; i += 8)
            {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3];
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7];
            }
            T res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) res += a[i];
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return Pairwise(a[..n2]) + Pairwise(a[n2..]);
    }
}
