using System.Text.Json;
using MLNet.Siamese.Imaging;
using Xunit.Abstractions;

namespace MLNet.Siamese.Tests.Imaging;

public sealed class BicubicUpsamplerTests(ITestOutputHelper output)
{
    [Fact]
    public void Coefficients_are_keys_weights_with_a_minus_three_quarters()
    {
        Span<float> c = stackalloc float[4];
        BicubicUpsampler.Coefficients(0f, c);
        Assert.Equal([0f, 1f, 0f, 0f], c.ToArray());
        BicubicUpsampler.Coefficients(0.5f, c);
        // Keys(1.5) = A(1.5³ - 5·1.5² + 8·1.5 - 4) = -0.09375; Keys(0.5) = 1.25·0.125 - 2.25·0.25 + 1 = 0.59375.
        Assert.Equal([-0.09375f, 0.59375f, 0.59375f, -0.09375f], c.ToArray());
    }

    [Fact]
    public void Constant_map_stays_constant_and_equal_sizes_copy()
    {
        var up = new BicubicUpsampler(5, 80);
        var dst = new float[80 * 80];
        up.Resize(Enumerable.Repeat(2.5f, 25).ToArray(), dst);
        Assert.All(dst, v => Assert.Equal(2.5f, v, 1e-6f));

        var same = new BicubicUpsampler(4, 4);
        var src = Enumerable.Range(0, 16).Select(i => (float)i).ToArray();
        var copy = new float[16];
        same.Resize(src, copy);
        Assert.Equal(src, copy);
    }

    [Fact]
    public void Resize_rejects_short_spans_and_does_not_allocate()
    {
        var up = new BicubicUpsampler(17, 272);
        Assert.Throws<ArgumentException>(() => up.Resize(new float[288], new float[272 * 272]));
        Assert.Throws<ArgumentException>(() => up.Resize(new float[289], new float[272 * 272 - 1]));
        var src = new float[289];
        var dst = new float[272 * 272];
        Assert.Equal(0, AllocationProbe.SteadyStateBytes(() => up.Resize(src, dst)));
    }

    [SkippableFact]
    public void Resize_is_bit_identical_to_cv2_inter_cubic()
    {
        string python = SharedData.RequirePython("numpy", "cv2");
        using var temp = new TempDirectory();
        var rng = new Random(4321);
        // SiamFC sizes, sizes whose width is not a multiple of 4 (OpenCV's scalar tail), downscales and tiny maps.
        (int N, int M)[] sizes =
        [
            (17, 272), (15, 240), (25, 400), (33, 528), (17, 272), (17, 272),
            (17, 51), (9, 31), (5, 7), (13, 45), (17, 100), (33, 17), (25, 21), (2, 5), (1, 3), (17, 17), (3, 48),
        ];
        var maps = new List<float[]>();
        for (int i = 0; i < sizes.Length; i++)
        {
            var (n, m) = sizes[i];
            double scale = Math.Pow(10, rng.NextDouble() * 6 - 4), offset = (rng.NextDouble() - 0.5) * 4 * scale;
            var map = Enumerable.Range(0, n * n).Select(_ => (float)(Gaussian(rng) * scale + offset)).ToArray();
            if (i == 5) map[0] = map[n * n - 1] = 1e4f; // spikes in the corners
            maps.Add(map);
            WriteFloats(temp.File($"{i}.map"), map);
            File.WriteAllText(temp.File($"{i}.json"), JsonSerializer.Serialize(new { n, m }));
        }
        var script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "bicubic_reference.py");
        var (code, _, stderr) = ProcessRunner.Run(python, [script, temp.Path], TimeSpan.FromMinutes(2));
        Assert.True(code == 0, stderr);

        for (int i = 0; i < sizes.Length; i++)
        {
            var (n, m) = sizes[i];
            var expected = ReadFloats(temp.File($"{i}.out"));
            var got = new float[m * m];
            new BicubicUpsampler(n, m).Resize(maps[i], got);
            double maxDiff = 0;
            int differing = 0;
            for (int k = 0; k < got.Length; k++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs((double)got[k] - expected[k]));
                if (BitConverter.SingleToInt32Bits(got[k]) != BitConverter.SingleToInt32Bits(expected[k])) differing++;
            }
            output.WriteLine($"{n}->{m}: max |diff| {maxDiff:G3}, {differing} values differ");
            Assert.True(differing == 0, $"{n}->{m}: {differing} values differ from cv2, max {maxDiff}");
        }
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static void WriteFloats(string path, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path, bytes);
    }

    private static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
