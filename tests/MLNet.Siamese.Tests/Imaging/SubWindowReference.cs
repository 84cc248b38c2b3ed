using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Tests;

/// <summary>
/// Straightforward scalar statement of the crop semantics, pixel by pixel, with no tables, caching or SIMD. It is the
/// yardstick the fast <see cref="CropWorkspace"/> is tested against (and is itself tested against OpenCV).
/// </summary>
internal static class SubWindowReference
{
    /// <summary>Same contract as <see cref="CropWorkspace.Extract(Frame, int, int, int, int, PadColor, ColorOrder, Span{float})"/> on raw pixels.</summary>
    public static void Extract(ReadOnlySpan<byte> pixels, int width, int height, int stride, int xmin, int ymin, int size,
                               int outSize, PadColor pad, ColorOrder order, Span<float> destination)
    {
        CropWorkspace.ValidateArguments(pixels.Length, width, height, stride, size, outSize, destination.Length);
        ResizeMode mode = OpenCvResize.ModeFor(size, outSize);
        double scale = OpenCvResize.Scale(size, outSize);
        int plane = outSize * outSize;
        long x0 = xmin, y0 = ymin; // region coordinates may sit near int's limits
        for (int c = 0; c < 3; c++)
        {
            int outPlane = order == ColorOrder.Bgr ? c : 2 - c;
            for (int dy = 0; dy < outSize; dy++)
            {
                for (int dx = 0; dx < outSize; dx++)
                {
                    int v;
                    if (mode == ResizeMode.Copy)
                    {
                        v = Pixel(pixels, width, height, stride, x0 + dx, y0 + dy, c, pad);
                    }
                    else if (mode == ResizeMode.Area)
                    {
                        long x = x0 + 2 * dx, y = y0 + 2 * dy;
                        v = (Pixel(pixels, width, height, stride, x, y, c, pad) + Pixel(pixels, width, height, stride, x + 1, y, c, pad)
                           + Pixel(pixels, width, height, stride, x, y + 1, c, pad) + Pixel(pixels, width, height, stride, x + 1, y + 1, c, pad) + 2) >> 2;
                    }
                    else
                    {
                        var (sx, a0, a1) = OpenCvResize.Column(dx, scale, size);
                        int sx1 = Math.Min(sx + 1, size - 1);
                        var (r0, r1, b0, b1) = OpenCvResize.RowPair(dy, scale, size);
                        int h0 = Pixel(pixels, width, height, stride, x0 + sx, y0 + r0, c, pad) * a0
                               + Pixel(pixels, width, height, stride, x0 + sx1, y0 + r0, c, pad) * a1;
                        int h1 = Pixel(pixels, width, height, stride, x0 + sx, y0 + r1, c, pad) * a0
                               + Pixel(pixels, width, height, stride, x0 + sx1, y0 + r1, c, pad) * a1;
                        v = OpenCvResize.Vertical(h0, h1, b0, b1);
                    }
                    destination[outPlane * plane + dy * outSize + dx] = v;
                }
            }
        }
    }

    /// <summary>Channel <paramref name="c"/> (0 = B) of the padded image at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    private static int Pixel(ReadOnlySpan<byte> pixels, int width, int height, int stride, long x, long y, int c, PadColor pad)
    {
        if (x >= 0 && x < width && y >= 0 && y < height)
            return pixels[(int)(y * stride + x * 3 + c)];
        return c == 0 ? pad.B : c == 1 ? pad.G : pad.R;
    }
}
