using System.Text.Json;
using MLNet.Siamese.Models;
using MLNet.Siamese.Tests.Imaging;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.Tests.Tracking;

public class AnchorDecoderTests
{
    private sealed record Case(float[] Cls, float[] Loc, int S, double W, double H, double ScaleZ, TrackingHyperparameters Hp);

    [Fact]
    public void Default_anchor_shapes_are_pysots()
    {
        var (w, h) = AnchorDecoder.AnchorShapes(8, AnchorDecoder.DefaultRatios, AnchorDecoder.DefaultScales);
        Assert.Equal([104f, 88f, 64f, 40f, 32f], w);
        Assert.Equal([32f, 40f, 64f, 80f, 96f], h);
    }

    [Fact]
    public void Score_sizes_follow_the_pysot_formula()
    {
        Assert.Equal(25, AnchorDecoder.ScoreSizeFor(255));
        Assert.Equal(21, AnchorDecoder.ScoreSizeFor(287, baseSize: 0));
        Assert.Equal(97, AnchorDecoder.ScoreSizeFor(831));
    }

    [Fact]
    public void Decode_validates_and_does_not_allocate()
    {
        var d = new AnchorDecoder(25);
        var hp = new TrackingHyperparameters(0.42, 0.05, 0.38);
        int n = 5 * 625;
        Assert.Throws<ArgumentException>(() => d.Decode(new float[2 * n - 1], new float[4 * n], 50, 60, 1, hp));
        Assert.Throws<ArgumentException>(() => d.Decode(new float[2 * n], new float[4 * n + 1], 50, 60, 1, hp));
        var cls = new float[2 * n];
        var loc = new float[4 * n];
        Assert.Equal(0, AllocationProbe.SteadyStateBytes(() => d.Decode(cls, loc, 50, 60, 1, hp)));
    }

    [Fact]
    public void Ties_pick_the_first_position_of_the_best_anchor()
    {
        // Equal scores, zero regression, no window: every position of an anchor scores alike, so the winner is the first
        // position of the least-penalised anchor — the square one for a square target — at index a*S².
        var d = new AnchorDecoder(25);
        int n = 5 * 625;
        var got = d.Decode(new float[2 * n], new float[4 * n], 64, 64, 1, new TrackingHyperparameters(0, 0.1, 0.3));
        Assert.Equal(2 * 625, got.Index);
        Assert.Equal((-96.0, -96.0, 64.0, 64.0, 0.5f), (got.DeltaX, got.DeltaY, got.Width, got.Height, got.Score));
        // With the window the centre position of that anchor wins.
        var centred = d.Decode(new float[2 * n], new float[4 * n], 64, 64, 1, new TrackingHyperparameters(0.4, 0.1, 0.3));
        Assert.Equal(2 * 625 + 12 * 25 + 12, centred.Index);
    }

    [SkippableFact]
    public void Decode_matches_the_pysot_reference_on_random_maps()
    {
        string python = SharedData.RequirePython("numpy", "torch");
        using var temp = new TempDirectory();
        var cases = BuildCases();
        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            WriteFloats(temp.File($"{i}.cls"), c.Cls);
            WriteFloats(temp.File($"{i}.loc"), c.Loc);
            File.WriteAllText(temp.File($"{i}.json"), JsonSerializer.Serialize(new
            {
                c.S, stride = 8, ratios = AnchorDecoder.DefaultRatios, scales = AnchorDecoder.DefaultScales, w = c.W, h = c.H,
                scale_z = c.ScaleZ, wi = c.Hp.WindowInfluence, pk = c.Hp.PenaltyK, lr = c.Hp.LearningRate,
            }));
        }
        var script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "anchor_decode_reference.py");
        var (code, stdout, stderr) = ProcessRunner.Run(python, [script, temp.Path], TimeSpan.FromMinutes(2));
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Count, lines.Length);

        var decoders = new Dictionary<int, AnchorDecoder>();
        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var expected = JsonDocument.Parse(lines[i]).RootElement;
            if (!decoders.TryGetValue(c.S, out var decoder)) decoders[c.S] = decoder = new AnchorDecoder(c.S);
            var got = decoder.Decode(c.Cls, c.Loc, c.W, c.H, c.ScaleZ, c.Hp);
            Assert.True(expected.GetProperty("best").GetInt32() == got.Index, $"case {i}: best {expected.GetProperty("best")} expected, got {got.Index}");
            AssertClose(expected.GetProperty("cx").GetDouble(), got.DeltaX, $"case {i} cx");
            AssertClose(expected.GetProperty("cy").GetDouble(), got.DeltaY, $"case {i} cy");
            AssertClose(expected.GetProperty("w").GetDouble(), got.Width, $"case {i} w");
            AssertClose(expected.GetProperty("h").GetDouble(), got.Height, $"case {i} h");
            AssertClose(expected.GetProperty("lr").GetDouble(), got.LearningRate, $"case {i} lr");
            AssertClose(expected.GetProperty("score").GetDouble(), got.Score, $"case {i} score");
        }
    }

    private static List<Case> BuildCases()
    {
        var rng = new Random(99);
        var cases = new List<Case>();
        // S = 25 (r50/mobilev2), 21 (alex at 287), 97 (long-term lost search, window 0.001).
        for (int i = 0; i < 45; i++)
        {
            int s = (i % 3) switch { 0 => 25, 1 => 21, _ => i % 9 == 2 ? 97 : 25 };
            int n = 5 * s * s;
            var cls = Enumerable.Range(0, 2 * n).Select(_ => (float)(rng.NextDouble() * 8 - 4)).ToArray();
            var loc = new float[4 * n];
            for (int k = 0; k < 2 * n; k++) loc[k] = (float)(rng.NextDouble() - 0.5);
            for (int k = 2 * n; k < 4 * n; k++) loc[k] = (float)(rng.NextDouble() * 2 - 1);
            double w = 10 + rng.NextDouble() * 200, h = 10 + rng.NextDouble() * 200;
            double scaleZ = 0.2 + rng.NextDouble() * 3;
            double wi = s == 97 ? 0.001 : rng.NextDouble() * 0.6;
            cases.Add(new Case(cls, loc, s, w, h, scaleZ, new TrackingHyperparameters(wi, rng.NextDouble() * 0.3, rng.NextDouble())));
        }
        // Peaks on the map corners and edges, without window.
        foreach (var (s, a, i, j) in new[] { (25, 0, 0, 0), (25, 4, 24, 24), (21, 2, 0, 20), (21, 3, 20, 0), (25, 1, 12, 0) })
        {
            int n = 5 * s * s;
            var cls = Enumerable.Range(0, 2 * n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
            cls[n + a * s * s + i * s + j] = 9f;
            var loc = Enumerable.Range(0, 4 * n).Select(_ => (float)(rng.NextDouble() * 0.2 - 0.1)).ToArray();
            cases.Add(new Case(cls, loc, s, 60, 50, 1.1, new TrackingHyperparameters(0, 0.04, 0.4)));
        }
        // Exact ties: equal scores and zero regression, with and without window.
        foreach (double wi in new[] { 0.0, 0.44 })
            cases.Add(new Case(new float[2 * 5 * 625], new float[4 * 5 * 625], 25, 64, 64, 1, new TrackingHyperparameters(wi, 0.1, 0.3)));
        return cases;
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
