using System.Numerics;
using System.Runtime.CompilerServices;

namespace MLNet.Siamese.Imaging;

/// <summary>Per-channel mean of a frame's pixels (0..255), the <c>avg_chans</c> / <c>avg_color</c> of the reference trackers.</summary>
/// <param name="B">Mean of the blue channel.</param>
/// <param name="G">Mean of the green channel.</param>
/// <param name="R">Mean of the red channel.</param>
public readonly record struct ChannelMeans(double B, double G, double R)
{
    /// <summary>
    /// The mean of every pixel per channel, equal to <c>np.mean(img, axis=(0, 1))</c> on the uint8 image: the sums are
    /// exact integers (so summation order cannot matter) divided once in double.
    /// </summary>
    public static ChannelMeans Compute(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Compute(frame.ReadOnlyPixels, frame.Width, frame.Height, frame.Stride);
    }

    /// <summary>The same on raw interleaved BGR pixels (<paramref name="stride"/> bytes per row).</summary>
    internal static ChannelMeans Compute(ReadOnlySpan<byte> pixels, int width, int height, int stride)
    {
        Span<long> sums = stackalloc long[3];
        int rowBytes = width * 3;
        if (stride == rowBytes)
            Accumulate(pixels[..(rowBytes * height)], sums); // contiguous: one long run of whole pixels
        else
            for (int y = 0; y < height; y++)
                Accumulate(pixels.Slice(y * stride, rowBytes), sums);
        double count = (double)width * height;
        return new ChannelMeans(sums[0] / count, sums[1] / count, sums[2] / count);
    }

    /// <summary>Adds the channel sums of <paramref name="bytes"/> (whole BGR pixels, starting with blue) to <paramref name="sums"/>.</summary>
    internal static void Accumulate(ReadOnlySpan<byte> bytes, Span<long> sums)
    {
        int lanes = Vector<byte>.Count;
        int block = 3 * lanes; // a multiple of 3 and of the vector width: lane j of vector k is always channel (k*lanes+j)%3
        int blocks = Vector.IsHardwareAccelerated ? bytes.Length / block : 0;
        int done = 0;
        ref byte start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(bytes);
        while (done < blocks)
        {
            // 16-bit lanes take one byte per block: flush before 257 blocks can overflow them.
            int batch = Math.Min(blocks - done, 256);
            Vector<ushort> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
            for (int i = 0; i < batch; i++)
            {
                ref byte p = ref Unsafe.Add(ref start, (done + i) * block);
                Vector.Widen(Unsafe.ReadUnaligned<Vector<byte>>(ref p), out var l0, out var h0);
                Vector.Widen(Unsafe.ReadUnaligned<Vector<byte>>(ref Unsafe.Add(ref p, lanes)), out var l1, out var h1);
                Vector.Widen(Unsafe.ReadUnaligned<Vector<byte>>(ref Unsafe.Add(ref p, 2 * lanes)), out var l2, out var h2);
                a0 += l0; a1 += h0; a2 += l1; a3 += h1; a4 += l2; a5 += h2;
            }
            Flush(a0, 0, sums); Flush(a1, 1, sums); Flush(a2, 2, sums);
            Flush(a3, 3, sums); Flush(a4, 4, sums); Flush(a5, 5, sums);
            done += batch;
        }
        for (int i = blocks * block; i < bytes.Length; i++)
            sums[i % 3] += bytes[i];
    }

    /// <summary>Adds accumulator <paramref name="index"/> (the index-th half-vector of a block) to the channel sums.</summary>
    private static void Flush(Vector<ushort> acc, int index, Span<long> sums)
    {
        int half = Vector<ushort>.Count;
        for (int j = 0; j < half; j++)
            sums[(index * half + j) % 3] += acc[j];
    }
}
