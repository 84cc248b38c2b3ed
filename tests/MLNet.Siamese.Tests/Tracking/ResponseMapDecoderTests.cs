using System.Text.Json;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Tests.Imaging;
using MLNet.Siamese.Tracking;
using Xunit.Abstractions;

namespace MLNet.Siamese.Tests.Tracking;

public class ResponseMapDecoderTests(ITestOutputHelper output)
{
    private sealed record Case(double[] Box, int Frames, int S, ResponseMapParameters P, int Height, int Width, float[] Responses);

    [Fact]
    public void State_round_trips_the_zero_based_box()
    {
        var s = SiamFcState.FromBox(100, 50, 40, 30);
        Assert.Equal(119.5f, s.CenterX);
        Assert.Equal(64.5f, s.CenterY);
        Assert.Equal(MathF.Sqrt(75f * 65f), (float)s.ExemplarSide);
        Assert.Equal(s.ExemplarSide * 255 / 127, s.SearchSide);
        Assert.Equal((100.0, 50.0, 40.0, 30.0), s.ToBox());
    }

    [Fact]
    public void Region_matches_SubWindow_SiamFcRegion_away_from_float32_half_ties()
    {
        var rng = new Random(7);
        for (int i = 0; i < 1000; i++)
        {
            var s = new SiamFcState((float)(rng.NextDouble() * 800 - 50), (float)(rng.NextDouble() * 600 - 50), 10, 10, 50, 100);
            double side = rng.NextDouble() * 600 + 1;
            Assert.Equal(SubWindow.SiamFcRegion(s.CenterX, s.CenterY, side), s.Region(side));
        }
    }

    [Fact]
    public void Decode_validates_and_does_not_allocate()
    {
        var d = new ResponseMapDecoder(17, new ResponseMapParameters());
        var state = SiamFcState.FromBox(100, 100, 50, 40);
        Assert.Throws<ArgumentException>(() => d.Decode(new float[2 * 289], state));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResponseMapDecoder(17, new ResponseMapParameters { ScaleCount = 2 }));
        Assert.Throws<ArgumentException>(() => new ResponseMapDecoder(17, new ResponseMapParameters(), [1.0]));
        var responses = Enumerable.Range(0, 3 * 289).Select(i => (float)Math.Sin(i * 0.37)).ToArray();
        Assert.Equal(0, AllocationProbe.SteadyStateBytes(() => d.Decode(responses, state)));
    }

    [Fact]
    public void Ties_break_like_numpy_argmax()
    {
        var state = SiamFcState.FromBox(100, 80, 40, 60);
        // All zero: the three peaks tie at 0 and scale 0 wins; the Hann window's first maximum is (135, 135).
        var zero = new ResponseMapDecoder(17, new ResponseMapParameters()).Decode(new float[3 * 289], state);
        Assert.Equal((0, 135, 135), (zero.ScaleIndex, zero.Row, zero.Column));
        Assert.Equal((1 - 0.59) + 0.59 / 1.0375, zero.ScaleChange, 1e-12);
        Assert.Equal(state.SearchSide * zero.ScaleChange, zero.State.SearchSide);
        // Without window every pixel ties: the first one.
        var flat = new ResponseMapDecoder(17, new ResponseMapParameters { WindowInfluence = 0 }).Decode(new float[3 * 289], state);
        Assert.Equal((0, 0, 0), (flat.ScaleIndex, flat.Row, flat.Column));
        // A single scale has no penalty and always wins.
        var single = new ResponseMapDecoder(17, new ResponseMapParameters { ScaleCount = 1 }).Decode(new float[289], state);
        Assert.Equal((0, 1.0), (single.ScaleIndex, single.ScaleChange));
    }

    [Fact]
    public void Scale_factors_are_step_powers_around_one()
    {
        var f = ResponseMapDecoder.ComputeScaleFactors(1.0375, 3);
        Assert.Equal([1 / 1.0375, 1.0, 1.0375], f, (a, b) => Math.Abs(a - b) < 1e-15);
        Assert.Equal(5, ResponseMapDecoder.ComputeScaleFactors(1.0375, 5).Length);
    }

    [SkippableFact]
    public void Decode_matches_the_siamfc_reference_step_for_step()
    {
        string python = SharedData.RequirePython("numpy", "cv2");
        using var temp = new TempDirectory();
        var cases = BuildCases();
        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            WriteFloats(temp.File($"{i}.resp"), c.Responses);
            File.WriteAllText(temp.File($"{i}.json"), JsonSerializer.Serialize(new
            {
                box = c.Box, frames = c.Frames, c.S, scale_num = c.P.ScaleCount, scale_step = c.P.ScaleStep,
                scale_penalty = c.P.ScalePenalty, scale_lr = c.P.ScaleLearningRate, window_influence = c.P.WindowInfluence,
                response_up = c.P.ResponseUpsampling, total_stride = c.P.TotalStride, instance_sz = c.P.InstanceSize,
                exemplar_sz = c.P.ExemplarSize, context = c.P.Context, clip = c.P.ClipCenter, height = c.Height, width = c.Width,
            }));
        }
        var script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "response_map_reference.py");
        var (code, stdout, stderr) = ProcessRunner.Run(python, [script, temp.Path], TimeSpan.FromMinutes(2));
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Count, lines.Length);

        var chosen = new Dictionary<(int Scales, int Index), int>();
        int edges = 0, steps = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var expected = JsonDocument.Parse(lines[i]).RootElement;
            var factors = expected.GetProperty("scale_factors").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            // Our pow may sit one ulp from numpy's vectorised one; the decoder takes the reference's values for exactness.
            var own = ResponseMapDecoder.ComputeScaleFactors(c.P.ScaleStep, c.P.ScaleCount);
            for (int k = 0; k < factors.Length; k++) Assert.Equal(factors[k], own[k], 1e-15 * factors[k]);

            var decoder = new ResponseMapDecoder(c.S, c.P, factors);
            // The reference is siamfc-pytorch: its 1-based box is the library's one pixel right and down (the same
            // float64 operations: siamfc computes x - 1 + (w-1)/2), and it reports 1-based boxes.
            var state = SiamFcState.FromBox(c.Box[0] - 1, c.Box[1] - 1, c.Box[2], c.Box[3], c.P.Context, c.P.ExemplarSize, c.P.InstanceSize);
            AssertState(expected.GetProperty("init"), state, $"case {i} init");
            int raw = c.P.ScaleCount * c.S * c.S, t = 0;
            foreach (var frame in expected.GetProperty("frames").EnumerateArray())
            {
                string what = $"case {i} frame {t}";
                var got = decoder.Decode(c.Responses.AsSpan(t * raw, raw), state, c.Width, c.Height);
                Assert.True(frame.GetProperty("scale_id").GetInt32() == got.ScaleIndex, $"{what}: scale");
                Assert.True(frame.GetProperty("row").GetInt32() == got.Row && frame.GetProperty("col").GetInt32() == got.Column,
                    $"{what}: peak ({frame.GetProperty("row")}, {frame.GetProperty("col")}) expected, got ({got.Row}, {got.Column})");
                Assert.Equal((float)frame.GetProperty("peak").GetDouble(), got.Score);
                AssertState(frame.GetProperty("state"), got.State, what);
                var box = frame.GetProperty("box").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                Assert.Equal((box[0] - 1, box[1] - 1, box[2], box[3]), got.State.ToBox());
                state = got.State;
                chosen[(c.P.ScaleCount, got.ScaleIndex)] = chosen.GetValueOrDefault((c.P.ScaleCount, got.ScaleIndex)) + 1;
                int last = decoder.UpsampledSize - 1;
                if (Math.Min(Math.Min(got.Row, got.Column), last - Math.Max(got.Row, got.Column)) <= 2) edges++;
                steps++;
                t++;
            }
            Assert.Equal(c.Frames, t);
        }
        output.WriteLine($"{cases.Count} cases, {steps} steps, {edges} peaks within 2 px of the map edge; (scales, chosen): " +
            string.Join(", ", chosen.OrderBy(kv => kv.Key).Select(kv => $"({kv.Key.Scales},{kv.Key.Index})×{kv.Value}")));
    }

    private static void AssertState(JsonElement e, SiamFcState s, string what)
    {
        // float32 fields are printed as exact float64 values; float64 fields round-trip through repr.
        Assert.True((float)e.GetProperty("cx").GetDouble() == s.CenterX, $"{what}: cx {e.GetProperty("cx")} vs {s.CenterX:R}");
        Assert.True((float)e.GetProperty("cy").GetDouble() == s.CenterY, $"{what}: cy {e.GetProperty("cy")} vs {s.CenterY:R}");
        Assert.True((float)e.GetProperty("w").GetDouble() == s.Width, $"{what}: w {e.GetProperty("w")} vs {s.Width:R}");
        Assert.True((float)e.GetProperty("h").GetDouble() == s.Height, $"{what}: h {e.GetProperty("h")} vs {s.Height:R}");
        Assert.True(e.GetProperty("z_sz").GetDouble() == s.ExemplarSide, $"{what}: z_sz {e.GetProperty("z_sz")} vs {s.ExemplarSide:R}");
        Assert.True(e.GetProperty("x_sz").GetDouble() == s.SearchSide, $"{what}: x_sz {e.GetProperty("x_sz")} vs {s.SearchSide:R}");
    }

    private static List<Case> BuildCases()
    {
        var rng = new Random(2024);
        var cases = new List<Case>();
        var p = new ResponseMapParameters();
        for (int i = 0; i < 36; i++)
        {
            int scales = (i % 3) switch { 0 => 3, 1 => 1, _ => 5 };
            int s = i % 9 == 4 ? 15 : i % 9 == 7 ? 25 : 17;
            var pi = p with
            {
                ScaleCount = scales,
                ScaleStep = i % 4 == 0 ? 1.0375 : 1 + rng.NextDouble() * 0.1,
                ScalePenalty = i % 4 == 0 ? 0.9745 : 0.9 + rng.NextDouble() * 0.1,
                ScaleLearningRate = rng.NextDouble(),
                WindowInfluence = i % 6 == 5 ? 0 : rng.NextDouble() * 0.5,
                ClipCenter = i % 5 == 3,
            };
            int frames = 1 + i % 3;
            var box = RandomBox(rng, 640, 480);
            var resp = new float[frames * scales * s * s];
            for (int k = 0; k < frames * scales; k++) FillBlobs(rng, resp.AsSpan(k * s * s, s * s), s);
            cases.Add(new Case(box, frames, s, pi, 480, 640, resp));
        }

        // Border and tie cases on the default 3-scale SiamFC setup.
        int n = 17 * 17;
        // Constant positive maps: the unpenalised centre scale wins; the flat map leaves the first Hann maximum (135, 135).
        cases.Add(new Case([100, 80, 40, 60], 1, 17, p, 480, 640, Enumerable.Repeat(0.5f, 3 * n).ToArray()));
        // All-zero maps: every scale's peak ties at 0 (scale 0 wins); the normalised map is all zero, so the window alone
        // decides, and without window the first pixel (0, 0) wins.
        cases.Add(new Case([100, 80, 40, 60], 1, 17, p, 480, 640, new float[3 * n]));
        cases.Add(new Case([100, 80, 40, 60], 1, 17, p with { WindowInfluence = 0 }, 480, 640, new float[3 * n]));
        cases.Add(new Case([100, 80, 40, 60], 1, 17, p with { WindowInfluence = 0 }, 480, 640, Enumerable.Repeat(0.5f, 3 * n).ToArray()));
        // Constant negative maps: penalised (less negative) side scales win, the first of them (0).
        cases.Add(new Case([100, 80, 40, 60], 1, 17, p, 480, 640, Enumerable.Repeat(-0.5f, 3 * n).ToArray()));
        // Scales 0 and 2 identical and higher than the centre: tie after the same penalty, first wins.
        var tie = new float[3 * n];
        FillBlobs(rng, tie.AsSpan(0, n), 17);
        tie.AsSpan(0, n).CopyTo(tie.AsSpan(2 * n));
        for (int k = 0; k < n; k++) tie[n + k] = tie[k] - 1f;
        cases.Add(new Case([300, 200, 25, 25], 1, 17, p, 480, 640, tie));
        // Spikes in the corners and edges without window. Bicubic overshoot puts the upsampled peak ~2 px inside the border
        // (Keys' negative lobe is largest there), so this exercises the clamped border taps rather than index 0.
        foreach (int corner in new[] { 0, 16, 17 * 16, n - 1, 8, 17 * 8 + 16 })
        {
            var spike = new float[3 * n];
            for (int sc = 0; sc < 3; sc++) FillBlobs(rng, spike.AsSpan(sc * n, n), 17, amplitude: 0.1);
            spike[n + corner] = 50f;
            cases.Add(new Case([300, 200, 25, 25], 1, 17, p with { WindowInfluence = 0 }, 480, 640, spike));
        }
        // FDSiamFC clipping: a target in the top-left corner pushed further out, and one in the bottom-right corner.
        var pushUp = new float[3 * n];
        pushUp[n] = 10f;
        cases.Add(new Case([1, 1, 20, 20], 2, 17, p with { WindowInfluence = 0, ClipCenter = true }, 240, 320, [.. pushUp, .. pushUp]));
        var pushDown = new float[3 * n];
        pushDown[2 * n - 1] = 10f;
        cases.Add(new Case([300, 220, 30, 30], 2, 17, p with { WindowInfluence = 0, ClipCenter = true }, 240, 320, [.. pushDown, .. pushDown]));
        // Other upsampling factors, including none (cv2 copies equal sizes).
        foreach (int up in new[] { 8, 1 })
        {
            var r = new float[3 * n];
            for (int sc = 0; sc < 3; sc++) FillBlobs(rng, r.AsSpan(sc * n, n), 17);
            cases.Add(new Case([200, 150, 60, 45], 1, 17, p with { ResponseUpsampling = up }, 480, 640, r));
        }
        return cases;
    }

    private static double[] RandomBox(Random rng, int width, int height)
    {
        double w = 8 + rng.NextDouble() * 200, h = 8 + rng.NextDouble() * 200;
        // Integer boxes half of the time, like most ground-truth files.
        if (rng.Next(2) == 0) { w = Math.Round(w); h = Math.Round(h); }
        return [1 + rng.NextDouble() * (width - w), 1 + rng.NextDouble() * (height - h), w, h];
    }

    /// <summary>A response-like map: a few Gaussian blobs plus noise, at a random magnitude and offset.</summary>
    private static void FillBlobs(Random rng, Span<float> map, int s, double amplitude = 1)
    {
        double magnitude = amplitude * Math.Pow(10, rng.NextDouble() * 4 - 3), offset = (rng.NextDouble() - 0.7) * magnitude;
        int blobs = 1 + rng.Next(3);
        var blob = new (double X, double Y, double Sigma, double A)[blobs];
        for (int b = 0; b < blobs; b++)
            blob[b] = (rng.NextDouble() * (s - 1), rng.NextDouble() * (s - 1), 0.7 + rng.NextDouble() * 3, rng.NextDouble());
        for (int y = 0; y < s; y++)
            for (int x = 0; x < s; x++)
            {
                double v = 0;
                foreach (var (bx, by, sigma, a) in blob)
                    v += a * Math.Exp(-((x - bx) * (x - bx) + (y - by) * (y - by)) / (2 * sigma * sigma));
                map[y * s + x] = (float)((v + 0.05 * rng.NextDouble()) * magnitude + offset);
            }
    }

    private static void WriteFloats(string path, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path, bytes);
    }
}
