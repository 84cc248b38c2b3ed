using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Tests.Imaging;

/// <summary>The fast crop (AVX2 and portable kernels) against the scalar reference, plus geometry and argument checks.</summary>
public sealed class SubWindowTests
{
    private const int W = 160, H = 120;

    /// <summary>Runs the fast paths and the reference on one case and requires identical output.</summary>
    private static void AssertSame(byte[] bytes, int width, int height, int stride, int xmin, int ymin, int size, int outSize,
                                   PadColor pad, ColorOrder order, CropWorkspace avx2, CropWorkspace portable)
    {
        int n = 3 * outSize * outSize;
        var expected = new float[n];
        SubWindowReference.Extract(bytes, width, height, stride, xmin, ymin, size, outSize, pad, order, expected);
        var fast = new float[n];
        var slow = new float[n];
        avx2.Extract(bytes, width, height, stride, xmin, ymin, size, outSize, pad, order, fast);
        portable.Extract(bytes, width, height, stride, xmin, ymin, size, outSize, pad, order, slow);
        for (int i = 0; i < n; i++)
        {
            if (fast[i] != expected[i] || slow[i] != expected[i])
                Assert.Fail($"region ({xmin},{ymin},{size})->{outSize} {order} stride {stride}: element {i} " +
                            $"reference {expected[i]} avx2 {fast[i]} portable {slow[i]}");
        }
    }

    [Fact]
    public void RandomCasesMatchReference()
    {
        var rng = new Random(1234);
        var avx2 = new CropWorkspace();
        var portable = new CropWorkspace { AllowAvx2 = false };
        var tight = TestImages.Synthetic(W, H, seed: 1);
        var padded = TestImages.Synthetic(W, H, seed: 2, stride: W * 3 + 7);
        for (int i = 0; i < 400; i++)
        {
            bool usePadded = i % 2 == 1;
            int size = rng.Next(4) switch { 0 => rng.Next(1, 12), 1 => rng.Next(1, 400), 2 => rng.Next(20, 200), _ => rng.Next(1, 80) };
            int outSize = rng.Next(6) switch
            {
                0 => size,                                   // copy
                1 => Math.Max(1, size / 2),                  // exact 2× when size is even
                2 => rng.Next(size, 3 * size + 2),           // upscale
                3 => rng.Next(1, 40),
                4 => 127,
                _ => rng.Next(1, Math.Max(2, size)),
            };
            if (outSize > 255) outSize = 255;
            int xmin = rng.Next(-size - 20, W + 20), ymin = rng.Next(-size - 20, H + 20);
            var pad = new PadColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
            var order = rng.Next(2) == 0 ? ColorOrder.Bgr : ColorOrder.Rgb;
            AssertSame(usePadded ? padded : tight, W, H, usePadded ? W * 3 + 7 : W * 3, xmin, ymin, size, outSize, pad, order, avx2, portable);
        }
    }

    public static TheoryData<string, int, int, int, int> NamedCases() => new()
    {
        { "inside", 30, 20, 60, 33 },
        { "inside-upscale", 30, 20, 60, 127 },
        { "inside-copy", 10, 10, 100, 100 },
        { "inside-2x", 10, 10, 100, 50 },
        { "top", 40, -20, 70, 31 },
        { "bottom", 40, H - 30, 70, 31 },
        { "left", -25, 30, 70, 45 },
        { "right", W - 30, 30, 70, 45 },
        { "top-left", -30, -10, 90, 127 },
        { "top-right", W - 50, -40, 90, 127 },
        { "bottom-left", -20, H - 60, 90, 64 },
        { "bottom-right", W - 10, H - 5, 90, 45 },
        { "larger-than-image", -100, -80, 400, 127 },
        { "larger-than-image-2x", -70, -90, 300, 150 },
        { "fully-outside-left", -500, 10, 200, 127 },
        { "fully-outside-below", 10, H + 3, 50, 25 },
        { "fully-outside-corner", W, H, 20, 20 },
        { "touches-last-byte", W - 60, H - 60, 60, 37 },
        { "touches-last-byte-copy", W - 60, H - 60, 60, 60 },
        { "touches-last-byte-2x", W - 60, H - 60, 60, 30 },
        { "single-pixel", W - 1, H - 1, 1, 7 },
        { "single-output", 3, 5, 91, 1 },
        { "whole-image-height", 0, 0, H, 255 },
    };

    [Theory]
    [MemberData(nameof(NamedCases))]
    public void NamedCasesMatchReference(string name, int xmin, int ymin, int size, int outSize)
    {
        Assert.NotNull(name);
        var avx2 = new CropWorkspace();
        var portable = new CropWorkspace { AllowAvx2 = false };
        var pad = new PadColor(12, 200, 77);
        var tight = TestImages.Synthetic(W, H, seed: 3);
        var padded = TestImages.Synthetic(W, H, seed: 4, stride: W * 3 + 5);
        foreach (var order in new[] { ColorOrder.Bgr, ColorOrder.Rgb })
        {
            AssertSame(tight, W, H, W * 3, xmin, ymin, size, outSize, pad, order, avx2, portable);
            AssertSame(padded, W, H, W * 3 + 5, xmin, ymin, size, outSize, pad, order, avx2, portable);
        }
    }

    [Fact]
    public void RgbIsBgrWithPlanesSwapped()
    {
        var bytes = TestImages.Synthetic(W, H, seed: 5);
        using var frame = TestImages.Frame(bytes, W, H);
        int n = 61 * 61;
        var bgr = new float[3 * n];
        var rgb = new float[3 * n];
        SubWindow.Extract(frame, -10, 30, 100, 61, new PadColor(1, 2, 3), ColorOrder.Bgr, bgr);
        SubWindow.Extract(frame, -10, 30, 100, 61, new PadColor(1, 2, 3), ColorOrder.Rgb, rgb);
        Assert.Equal(bgr.AsSpan(0, n).ToArray(), rgb.AsSpan(2 * n, n).ToArray());
        Assert.Equal(bgr.AsSpan(n, n).ToArray(), rgb.AsSpan(n, n).ToArray());
        Assert.Equal(bgr.AsSpan(2 * n, n).ToArray(), rgb.AsSpan(0, n).ToArray());
        Assert.Equal(1f, bgr[0]); // top-left is padding: B plane holds pad.B
        Assert.Equal(3f, rgb[0]);
    }

    [Fact]
    public void WritesOnlyItsSlotOfALargerTensor()
    {
        var bytes = TestImages.Synthetic(W, H, seed: 6);
        using var frame = TestImages.Frame(bytes, W, H);
        int slot = 3 * 31 * 31;
        var tensor = new float[3 * slot];
        Array.Fill(tensor, -1f);
        SubWindow.Extract(frame, 5, 5, 50, 31, default, ColorOrder.Bgr, tensor.AsSpan(slot, slot));
        Assert.All(tensor.AsSpan(0, slot).ToArray(), v => Assert.Equal(-1f, v));
        Assert.All(tensor.AsSpan(2 * slot).ToArray(), v => Assert.Equal(-1f, v));
        Assert.DoesNotContain(-1f, tensor.AsSpan(slot, slot).ToArray());
    }

    [Fact]
    public void SteadyStateAllocatesNothing()
    {
        var bytes = TestImages.Synthetic(640, 360, seed: 7);
        using var frame = TestImages.Frame(bytes, 640, 360);
        var search = new float[3 * 255 * 255];
        var template = new float[3 * 127 * 127];
        void Frame(int i)
        {
            // A tracker's frame: three search scales (changing slightly) and a template, some touching borders.
            SubWindow.Extract(frame, -30 + i, 10, 300 + i % 3, 255, new PadColor(1, 2, 3), ColorOrder.Bgr, search);
            SubWindow.Extract(frame, 400, 200 - i, 311, 255, new PadColor(1, 2, 3), ColorOrder.Rgb, search);
            SubWindow.Extract(frame, 500, 300, 290, 255, new PadColor(4, 5, 6), ColorOrder.Bgr, search);
            SubWindow.Extract(frame, 100, 100, 150, 127, new PadColor(1, 2, 3), ColorOrder.Bgr, template);
        }
        for (int i = 0; i < 5; i++) Frame(i);
        Assert.Equal(0, AllocationProbe.SteadyStateBytes(() => { for (int i = 0; i < 50; i++) Frame(i); }));
    }

    [Fact]
    public void ValidatesArguments()
    {
        using var frame = TestImages.Frame(TestImages.Synthetic(W, H, seed: 8), W, H);
        var dst = new float[3 * 127 * 127];
        Assert.Throws<ArgumentOutOfRangeException>(() => SubWindow.Extract(frame, 0, 0, 0, 127, default, ColorOrder.Bgr, dst));
        Assert.Throws<ArgumentOutOfRangeException>(() => SubWindow.Extract(frame, 0, 0, -5, 127, default, ColorOrder.Bgr, dst));
        Assert.Throws<ArgumentOutOfRangeException>(() => SubWindow.Extract(frame, 0, 0, 100, 0, default, ColorOrder.Bgr, dst));
        Assert.Throws<ArgumentException>(() => SubWindow.Extract(frame, 0, 0, 100, 128, default, ColorOrder.Bgr, dst));
        Assert.Throws<ArgumentException>(() => SubWindow.Extract(frame, 0, 0, 100, 127, default, ColorOrder.Bgr, dst.AsSpan(1)));
        Assert.Throws<ArgumentNullException>(() => SubWindow.Extract(null!, 0, 0, 100, 127, default, ColorOrder.Bgr, dst));
        var extreme = new float[3 * 4 * 4];
        SubWindow.Extract(frame, int.MaxValue - 2, int.MinValue, 10, 4, new PadColor(9, 9, 9), ColorOrder.Bgr, extreme);
        Assert.All(extreme, v => Assert.Equal(9f, v));
    }

    [Fact]
    public void PysotOriginFollowsGetSubwindow()
    {
        // c = (sz+1)/2; xmin = floor(cx - c + 0.5): 100 - 64 + 0.5 = 36.5 -> 36, and floor (not truncation) below 0.
        Assert.Equal((36, 6), SubWindow.PysotOrigin(100.0, 70.0, 127));
        Assert.Equal((36, 6), SubWindow.PysotOrigin(100.0, 70.0, 128));
        Assert.Equal((-28, -1), SubWindow.PysotOrigin(100.3, 126.6, 255));
    }

    [Fact]
    public void SiamFcRegionRoundsHalfToEven()
    {
        // side = round(254.5) = 254; corners round(100 - 126.5) = round(-26.5) = -26 and round(-76.5) = -76.
        Assert.Equal((-26, -76, 254), SubWindow.SiamFcRegion(100.0, 50.0, 254.5));
        Assert.Equal((-27, -118, 256), SubWindow.SiamFcRegion(100.5, 10.0, 255.5));
    }
}
