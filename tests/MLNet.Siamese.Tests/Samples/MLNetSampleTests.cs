using System.Globalization;
using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Tests.Samples;

/// <summary>Runs the ML.NET samples as a user would (separate processes), with the real Microsoft.ML 6 packages.</summary>
public class MLNetSampleTests
{
    private static string Run(string sample, params string[] args)
    {
        var (code, stdout, stderr) = ProcessRunner.Run("dotnet", [SampleBuild.Dll(sample), .. args], TimeSpan.FromMinutes(4));
        Assert.True(code == 0, $"{sample} {string.Join(' ', args)}: exit {code}: {stderr}");
        return stdout;
    }

    [SkippableFact]
    public void Pipeline_sample_saves_then_a_fresh_process_loads_and_scores_identically_without_the_pack()
    {
        SharedData.Require("data/sequences/person12");
        string work = Path.Combine(Path.GetTempPath(), "mlnet-siamese-tests", $"mlnet-sample-{Guid.NewGuid():N}");
        string pack = Path.Combine(work, "pack");
        Directory.CreateDirectory(pack);
        foreach (var f in Directory.GetFiles(Path.Combine(SharedData.RepoRoot, "models", "default"))) File.Copy(f, Path.Combine(pack, Path.GetFileName(f)));
        string csv = Path.Combine(SharedData.RepoRoot, "samples", "MLNetPipeline", "videos.csv");
        string model = Path.Combine(work, "model.zip");

        string fitted = Run("MLNetPipeline", "fit", pack, csv, model, "30");
        Directory.Delete(pack, recursive: true);
        string scored = Run("MLNetPipeline", "score", model, csv);

        Assert.Equal(fitted, scored);
        var lines = scored.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Contains("walker\tok\t30\t", lines[2]);
        Assert.Contains("ghost\terror\t0\t", lines[5]);
        Assert.Contains("missing.mp4: no such file", lines[5]);
        Directory.Delete(work, recursive: true);
    }

    [SkippableFact]
    public void Frames_sample_tracks_load_images_rows_as_siamese_track_does_and_the_live_engine_agrees()
    {
        SharedData.Require("data/sequences/Bolt");
        string pack = Path.Combine(SharedData.RepoRoot, "models", "default");
        string csv = Path.Combine(SharedData.RepoRoot, "samples", "MLNetFrames", "frames.csv");
        var rows = Run("MLNetFrames", "frames", pack, csv).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(',')).ToList();
        Assert.Equal(60, rows.Count);

        foreach (var (sequence, box) in new[] { ("Human3", ML.TrackObjectTests.Human3Box), ("Bolt", ML.TrackObjectTests.BoltBox) })
        {
            var expected = ML.TrackObjectTests.Expected(SharedData.Require($"data/sequences/{sequence}/img"), box, maxFrames: 30);
            var mine = rows.Where(r => r[0] == sequence).ToList();
            Assert.Equal(expected.Records.Select(r => Format(r.Box)), mine.Select(r => string.Join(',', r[2..6])));
            Assert.All(mine.Skip(1), r => Assert.Equal("tracked", r[7]));
        }

        var live = Run("MLNetFrames", "live", pack, SharedData.Require("data/sequences/Human3/img"), "264,311,37,69", "30")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(rows.Where(r => r[0] == "Human3").Select(r => string.Join(',', r[2..7])), live.Select(r => string.Join(',', r[1..6])));
    }

    private static string Format(BoundingBox b) => string.Create(CultureInfo.InvariantCulture,
        $"{(float)b.X:0.###},{(float)b.Y:0.###},{(float)b.Width:0.###},{(float)b.Height:0.###}");
}
