using System.Text.Json;

namespace MLNet.Siamese.Tests.Cli;

public class BenchCommandTests
{
    [SkippableFact]
    public void Bench_reports_every_stage_and_the_model_only_baseline()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string frames = SharedData.Require("data/sequences/wakeboard7/img");
        string json = Path.Combine(CliHarness.TempDir("bench"), "bench.json");
        var (code, stdout, err) = CliHarness.Run("bench", "-m", pack, "-i", frames, "--box", "623.5,299.5,11,38",
            "--frames", "12", "--rounds", "1", "--reference-ms", "23.2", "--json", json);
        Assert.True(code == 0, err);
        foreach (var label in new[] { "frame decode", "crop", "inference", "post-process", "track step total", "frames/s", "model only", "track step / model only", "speed-up" })
            Assert.Contains(label, stdout);
        var doc = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        var tracker = Assert.Single(doc.GetProperty("trackers").EnumerateArray());
        double track = tracker.GetProperty("track_ms").GetDouble(), model = tracker.GetProperty("model_only_ms").GetDouble();
        Assert.True(track > 0 && model > 0);
        Assert.Equal(track / model, tracker.GetProperty("track_over_model").GetDouble(), 9);
        Assert.Equal(1000 / track, tracker.GetProperty("fps").GetDouble(), 9);
        Assert.Equal(12, doc.GetProperty("frames").GetInt32());
    }

    [SkippableFact]
    public void Bench_compares_several_trackers_on_an_annotated_sequence_without_a_box()
    {
        string v2 = NanoTrackPacks.Get("nanotrack-v2"), v3 = NanoTrackPacks.Get("nanotrack-v3");
        string sequence = SharedData.Require("data/sequences/wakeboard7");
        string json = Path.Combine(CliHarness.TempDir("bench"), "bench.json");
        var (code, stdout, err) = CliHarness.Run("bench", "-m", v2, v3, "-i", sequence, "--frames", "6", "--rounds", "1", "--json", json);
        Assert.True(code == 0, err);
        Assert.Contains("box 623.5,299.5,11,38", stdout); // first ground-truth row, pysot convention
        Assert.Contains("model nanotrack-v2", stdout);
        Assert.Contains("model nanotrack-v3", stdout);
        var trackers = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("trackers").EnumerateArray().ToList();
        Assert.Equal(["nanotrack-v2", "nanotrack-v3"], trackers.Select(t => t.GetProperty("model").GetString()));
        foreach (var t in trackers)
            foreach (var key in new[] { "crop_ms", "inference_ms", "postprocess_ms", "track_ms", "fps", "model_only_ms" })
                Assert.True(t.GetProperty(key).GetDouble() > 0, key);
    }
}
