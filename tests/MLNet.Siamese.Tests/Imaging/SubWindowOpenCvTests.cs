using System.Runtime.InteropServices;
using System.Text.Json;
using MLNet.Siamese.Imaging;
using Xunit.Abstractions;

namespace MLNet.Siamese.Tests.Imaging;

/// <summary>The crop against numpy + <c>cv2.resize</c> (Fixtures/crop_reference.py): exact equality required.</summary>
public sealed class SubWindowOpenCvTests(ITestOutputHelper output)
{
    private sealed record Case(string Kind, int Out, int Xmin = 0, int Ymin = 0, int Size = 0, byte[]? Pad = null,
                               string Order = "bgr", double Cx = 0, double Cy = 0, double SizeF = 0);

    [SkippableFact]
    public void SyntheticImageCropsAreBitIdenticalToOpenCv()
    {
        using var py = new PythonReference();
        const int width = 640, height = 360;
        int stride = width * 3 + 12; // a padded stride on the C# side; Python reads the tight copy
        byte[] bytes = TestImages.Synthetic(width, height, seed: 11, stride);
        using var frame = TestImages.Frame(bytes, width, height, stride);
        string image = py.WriteImage("image.raw", TestImages.Tight(bytes, width, height, stride));
        var cases = BuildCases(width, height, seed: 5);
        int failures = Compare(py, frame, image, cases);
        Assert.True(cases.Count >= 40);
        Assert.Equal(0, failures);
    }

    [SkippableFact]
    public void RealFrameCropsAreBitIdenticalToOpenCv()
    {
        string jpeg = SharedData.Require("data/sequences/Bolt/img/0001.jpg");
        using var py = new PythonReference();
        // Decoded by OpenCV itself, so the test does not depend on this library's decoder.
        string image = Path.Combine(py.Directory, "bolt.raw");
        var dims = py.Run("decode", jpeg, image).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int width = int.Parse(dims[0]), height = int.Parse(dims[1]);
        using var frame = TestImages.Frame(File.ReadAllBytes(image), width, height);
        var cases = BuildCases(width, height, seed: 6).Where((_, i) => i % 3 == 0).ToList();
        int failures = Compare(py, frame, image, cases);
        Assert.Equal(0, failures);
    }

    /// <summary>Runs the cases through Python and through the fast and reference crops; returns the failing case count.</summary>
    private int Compare(PythonReference py, Frame frame, string image, List<Case> cases)
    {
        string casesPath = Path.Combine(py.Directory, "cases.json");
        File.WriteAllText(casesPath, JsonSerializer.Serialize(cases.Select(ToJson)));
        string expectedPath = Path.Combine(py.Directory, "expected.f32");
        py.Run("crop", image, frame.Width.ToString(), frame.Height.ToString(), casesPath, expectedPath);
        byte[] expectedBytes = File.ReadAllBytes(expectedPath);

        var means = ChannelMeans.Compute(frame);
        var workspace = new CropWorkspace();
        long offset = 0, compared = 0;
        int failures = 0;
        float maxDiff = 0;
        foreach (var c in cases)
        {
            int n = 3 * c.Out * c.Out;
            var expected = MemoryMarshal.Cast<byte, float>(expectedBytes.AsSpan((int)offset, n * 4));
            offset += n * 4L;
            var (xmin, ymin, size, pad, order) = Resolve(c, means);
            var fast = new float[n];
            var reference = new float[n];
            workspace.Extract(frame, xmin, ymin, size, c.Out, pad, order, fast);
            SubWindowReference.Extract(frame.ReadOnlyPixels, frame.Width, frame.Height, frame.Stride, xmin, ymin, size, c.Out, pad, order, reference);
            float diff = 0;
            int bad = 0;
            for (int i = 0; i < n; i++)
            {
                float d = Math.Max(Math.Abs(fast[i] - expected[i]), Math.Abs(reference[i] - expected[i]));
                if (d != 0) bad++;
                diff = Math.Max(diff, d);
            }
            compared += n;
            maxDiff = Math.Max(maxDiff, diff);
            if (bad > 0 && failures++ < 10)
                output.WriteLine($"{c} -> region ({xmin},{ymin},{size}): {bad} values differ, max {diff}");
        }
        Assert.Equal(expectedBytes.Length, offset);
        output.WriteLine($"{cases.Count} cases, {compared} values compared, {failures} failing cases, max |diff| {maxDiff}");
        return failures;
    }

    private static (int Xmin, int Ymin, int Size, PadColor Pad, ColorOrder Order) Resolve(Case c, ChannelMeans means)
    {
        switch (c.Kind)
        {
            case "pysot":
                var (x, y) = SubWindow.PysotOrigin(c.Cx, c.Cy, c.Size);
                return (x, y, c.Size, PadColor.Truncated(means), ColorOrder.Bgr);
            case "siamfc":
                var (sx, sy, side) = SubWindow.SiamFcRegion(c.Cx, c.Cy, c.SizeF);
                return (sx, sy, side, PadColor.Rounded(means), ColorOrder.Rgb);
            default:
                return (c.Xmin, c.Ymin, c.Size, new PadColor(c.Pad![0], c.Pad[1], c.Pad[2]), c.Order == "rgb" ? ColorOrder.Rgb : ColorOrder.Bgr);
        }
    }

    private static object ToJson(Case c) => c.Kind switch
    {
        "pysot" => new { kind = c.Kind, cx = c.Cx, cy = c.Cy, size = c.Size, @out = c.Out },
        "siamfc" => new { kind = c.Kind, cx = c.Cx, cy = c.Cy, size = c.SizeF, @out = c.Out },
        _ => (object)new { kind = c.Kind, xmin = c.Xmin, ymin = c.Ymin, size = c.Size, @out = c.Out, pad = c.Pad!.Select(b => (int)b), order = c.Order },
    };

    /// <summary>Every source size of the brief at every border, corner, inside, fully outside and covering the image.</summary>
    private static List<Case> BuildCases(int width, int height, int seed)
    {
        var rng = new Random(seed);
        byte[] Pad() => [(byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256)];
        var cases = new List<Case>();
        int[] sizes = [91, 127, 180, 254, 255, 256, 400, 510, 700];
        for (int si = 0; si < sizes.Length; si++)
        {
            int s = sizes[si];
            var positions = Positions(s, width, height);
            for (int p = 0; p < positions.Length; p++)
            {
                cases.Add(new Case("region", 127, positions[p].X, positions[p].Y, s, Pad()));
                if ((p + si) % 3 == 0)
                    cases.Add(new Case("region", 255, positions[p].X, positions[p].Y, s, Pad(), p % 2 == 0 ? "rgb" : "bgr"));
            }
        }
        // Odd shapes: tiny outputs, tiny regions, other exact and non-exact integer factors, copies at borders.
        (int S, int O)[] extra = [(13, 127), (1, 5), (2, 3), (300, 1), (40, 17), (64, 32), (508, 127), (381, 127), (255, 255), (127, 127), (3, 255)];
        foreach (var (s, o) in extra)
        {
            cases.Add(new Case("region", o, -s / 3, height - s / 2, s, Pad()));
            cases.Add(new Case("region", o, width / 3, height / 4, s, Pad(), "rgb"));
        }
        for (int i = 0; i < 10; i++)
        {
            int size = rng.Next(40, 800);
            double cx = rng.NextDouble() * (width + 100) - 50, cy = rng.NextDouble() * (height + 100) - 50;
            cases.Add(new Case("pysot", i % 2 == 0 ? 255 : 127, Size: i == 3 ? 255 : size, Cx: cx, Cy: cy));
            cases.Add(new Case("siamfc", i % 2 == 0 ? 255 : 127, SizeF: i == 4 ? 254.5 : rng.NextDouble() * 700 + 30, Cx: cx + 0.5 * (i % 3), Cy: cy));
        }
        return cases;
    }

    private static (int X, int Y)[] Positions(int s, int width, int height) =>
    [
        ((width - s) / 2, (height - s) / 2),      // inside (or centred over the image when larger)
        (-s / 3, -s / 4),                          // top-left corner
        ((width - s) / 2, -s / 2),                 // top
        (width - 2 * s / 3, -s / 5),               // top-right corner
        (width - s / 2, (height - s) / 2),         // right
        (width - s / 3, height - s / 2),           // bottom-right corner
        ((width - s) / 2, height - s / 3),         // bottom
        (-s / 2, height - 2 * s / 3),              // bottom-left corner
        (-s / 4, (height - s) / 2),                // left
        (width + 5, -s - 3),                       // fully outside
        (Math.Min(0, (width - s) / 2) - 7, Math.Min(0, (height - s) / 2) - 3), // covering the whole image when large enough
    ];
}
