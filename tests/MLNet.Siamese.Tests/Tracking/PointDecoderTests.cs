using System.Text.Json;
using MLNet.Siamese.Models;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.Tests.Tracking;

public class PointDecoderTests
{
    [Fact]
    public void Hanning_matches_numpy_values()
    {
        // numpy.hanning(5) = [0, 0.5, 1, 0.5, 0]; hanning(16)[3] printed by numpy 1.24. numpy may use a vectorised
        // cos (SVML on AVX-512) that differs from the C library by one ulp, hence the 1e-15 tolerance.
        Assert.Equal([0.0, 0.5, 1.0, 0.5, 0.0], CosineWindow.Hanning(5).Select(v => Math.Round(v, 15)));
        Assert.Equal(0.3454915028125263, CosineWindow.Hanning(16)[3], 1e-15);
        Assert.Equal([1.0], CosineWindow.Hanning(1));
    }

    [Fact]
    public void Decode_rejects_wrong_tensor_sizes()
    {
        var d = new PointDecoder(16, 16);
        var hp = new TrackingHyperparameters(0.49, 0.15, 0.385);
        Assert.Throws<ArgumentException>(() => d.Decode(new float[3 * 256], new float[4 * 256], 50, 60, 1, hp));
        Assert.Throws<ArgumentException>(() => d.Decode(new float[2 * 256], new float[4 * 255], 50, 60, 1, hp));
    }

    [SkippableFact]
    public void Decode_matches_the_numpy_reference_on_random_maps()
    {
        string python = SharedData.RequirePython("numpy", "torch");
        var dir = Directory.CreateTempSubdirectory("point-decode").FullName;
        var rng = new Random(1234);
        var cases = new List<(float[] Cls, float[] Loc, int S, int Stride, double W, double H, double ScaleZ, TrackingHyperparameters Hp)>();
        for (int i = 0; i < 60; i++)
        {
            int s = i % 3 == 0 ? 25 : i % 3 == 1 ? 16 : 15;
            int stride = s == 25 ? 8 : 16;
            int channels = i % 5 == 4 ? 1 : 2;
            var cls = Enumerable.Range(0, channels * s * s).Select(_ => (float)(rng.NextDouble() * 8 - 4)).ToArray();
            var loc = Enumerable.Range(0, 4 * s * s).Select(_ => (float)(rng.NextDouble() * 90 + 1)).ToArray();
            double w = 10 + rng.NextDouble() * 200, h = 10 + rng.NextDouble() * 200;
            double scaleZ = 0.2 + rng.NextDouble() * 3;
            var hp = new TrackingHyperparameters(rng.NextDouble(), rng.NextDouble() * 0.3, rng.NextDouble());
            cases.Add((cls, loc, s, stride, w, h, scaleZ, hp));
            WriteFloats(Path.Combine(dir, $"{i}.cls"), cls);
            WriteFloats(Path.Combine(dir, $"{i}.loc"), loc);
            File.WriteAllText(Path.Combine(dir, $"{i}.json"), JsonSerializer.Serialize(new
            {
                S = s, stride, w, h, scale_z = scaleZ, wi = hp.WindowInfluence, pk = hp.PenaltyK, lr = hp.LearningRate,
            }));
        }
        var script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "point_decode_reference.py");
        var (code, stdout, stderr) = ProcessRunner.Run(python, [script, dir], TimeSpan.FromMinutes(2));
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Count, lines.Length);

        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var expected = JsonDocument.Parse(lines[i]).RootElement;
            var got = new PointDecoder(c.S, c.Stride).Decode(c.Cls, c.Loc, c.W, c.H, c.ScaleZ, c.Hp);
            Assert.Equal(expected.GetProperty("best").GetInt32(), got.Index);
            AssertClose(expected.GetProperty("cx").GetDouble(), got.DeltaX, $"case {i} cx");
            AssertClose(expected.GetProperty("cy").GetDouble(), got.DeltaY, $"case {i} cy");
            AssertClose(expected.GetProperty("w").GetDouble(), got.Width, $"case {i} w");
            AssertClose(expected.GetProperty("h").GetDouble(), got.Height, $"case {i} h");
            AssertClose(expected.GetProperty("lr").GetDouble(), got.LearningRate, $"case {i} lr");
            AssertClose(expected.GetProperty("score").GetDouble(), got.Score, $"case {i} score");
        }
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");

    private static void WriteFloats(string path, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path, bytes);
    }
}
