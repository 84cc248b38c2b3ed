using System.Text.Json;
using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Tests.Imaging;

/// <summary><see cref="ChannelMeans"/> and the pad colours derived from it, against numpy and OpenCV.</summary>
public sealed class ChannelMeansTests
{
    [Fact]
    public void VectorisedSumsEqualPlainSums()
    {
        var rng = new Random(9);
        foreach (int pixels in new[] { 0, 1, 5, 31, 32, 33, 100, 1000, 256 * 32 + 7, 300 * 64 + 11 })
        {
            var bytes = new byte[pixels * 3];
            rng.NextBytes(bytes);
            if (pixels == 300 * 64 + 11) Array.Fill(bytes, (byte)255); // longest runs of maximal values: 16-bit flushes
            var sums = new long[3];
            ChannelMeans.Accumulate(bytes, sums);
            long b = 0, g = 0, r = 0;
            for (int i = 0; i < bytes.Length; i += 3) { b += bytes[i]; g += bytes[i + 1]; r += bytes[i + 2]; }
            Assert.Equal((b, g, r), (sums[0], sums[1], sums[2]));
        }
    }

    [Fact]
    public void StrideIsHonoured()
    {
        int w = 37, h = 11, stride = w * 3 + 13;
        var padded = TestImages.Synthetic(w, h, seed: 10, stride);
        using var a = TestImages.Frame(padded, w, h, stride);
        using var b = TestImages.Frame(TestImages.Tight(padded, w, h, stride), w, h);
        Assert.Equal(ChannelMeans.Compute(b), ChannelMeans.Compute(a));
    }

    [Theory]
    [InlineData(1280, 720, 0, 0)]
    [InlineData(333, 177, 21, 1)]
    [InlineData(2, 1, 0, 2)]  // exact .5 means: the rounding rule decides
    [InlineData(4, 1, 0, 3)]
    public void MatchesNumpyAndOpenCv(int width, int height, int extraStride, int pattern)
    {
        using var py = new PythonReference();
        int stride = width * 3 + extraStride;
        byte[] bytes = pattern switch
        {
            2 => [100, 7, 255, 101, 8, 254],               // means 100.5, 7.5, 254.5 -> rounded 100, 8, 254
            3 => [0, 1, 2, 1, 2, 3, 1, 2, 3, 1, 2, 3],     // means 0.75, 1.75, 2.75
            _ => TestImages.Synthetic(width, height, seed: 20 + pattern, stride),
        };
        using var frame = TestImages.Frame(bytes, width, height, stride);
        string image = py.WriteImage("image.raw", TestImages.Tight(bytes, width, height, stride));
        using var json = JsonDocument.Parse(py.Run("means", image, width.ToString(), height.ToString()));
        double[] mean = json.RootElement.GetProperty("mean").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        int[] truncated = json.RootElement.GetProperty("truncated").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        int[] rounded = json.RootElement.GetProperty("rounded").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        var means = ChannelMeans.Compute(frame);
        Assert.Equal(mean[0], means.B, 1e-9);
        Assert.Equal(mean[1], means.G, 1e-9);
        Assert.Equal(mean[2], means.R, 1e-9);
        Assert.Equal(new PadColor((byte)truncated[0], (byte)truncated[1], (byte)truncated[2]), PadColor.Truncated(means));
        Assert.Equal(new PadColor((byte)rounded[0], (byte)rounded[1], (byte)rounded[2]), PadColor.Rounded(means));
        if (pattern == 2)
            Assert.Equal(new PadColor(100, 8, 254), PadColor.Rounded(means));
    }
}
