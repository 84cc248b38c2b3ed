using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Tests.Imaging;

/// <summary>Deterministic synthetic BGR images (gradients, noise, saturated blocks) for the crop and mean tests.</summary>
internal static class TestImages
{
    /// <summary>Interleaved BGR bytes, <paramref name="stride"/> per row (default tight); bytes past each row are 0x5A.</summary>
    public static byte[] Synthetic(int width, int height, int seed, int? stride = null)
    {
        int rowBytes = stride ?? width * 3;
        var rng = new Random(seed);
        var bytes = new byte[rowBytes * height];
        Array.Fill(bytes, (byte)0x5A);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = y * rowBytes + 3 * x;
                // Smooth ramps exercise the weights; noise exercises every rounding; saturated blocks exercise the extremes.
                bool block = (x / 37 + y / 29) % 7 == 0;
                int baseB = 255 * x / Math.Max(1, width - 1), baseG = 255 * y / Math.Max(1, height - 1), baseR = (x * 3 + y * 5) % 256;
                bytes[i] = Clamp(block ? 255 : baseB + rng.Next(-40, 41));
                bytes[i + 1] = Clamp(block ? 0 : baseG + rng.Next(-40, 41));
                bytes[i + 2] = Clamp(block ? rng.Next(2) * 255 : (rng.Next(4) == 0 ? rng.Next(256) : baseR));
            }
        }
        return bytes;
    }

    /// <summary>A frame over <paramref name="bytes"/> (not pooled).</summary>
    public static Frame Frame(byte[] bytes, int width, int height, int? stride = null)
        => new(bytes, width, height, stride ?? width * 3, 0, TimeSpan.Zero);

    /// <summary>The tight (stride = width*3) copy of the pixels, the layout the Python helper reads.</summary>
    public static byte[] Tight(byte[] bytes, int width, int height, int stride)
    {
        var tight = new byte[width * 3 * height];
        for (int y = 0; y < height; y++)
            Array.Copy(bytes, y * stride, tight, y * width * 3, width * 3);
        return tight;
    }

    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);
}
