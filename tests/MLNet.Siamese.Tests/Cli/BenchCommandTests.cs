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
        foreach (var label in new[] { "frame decode", "crop", "inference", "post-process", "track step total", "model only", "track step / model only", "speed-up" })
            Assert.Contains(label, stdout);
        var doc = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        double track = doc.GetProperty("track_ms").GetDouble(), model = doc.GetProperty("model_only_ms").GetDouble();
        Assert.True(track > 0 && model > 0);
        Assert.Equal(track / model, doc.GetProperty("track_over_model").GetDouble(), 9);
        Assert.Equal(12, doc.GetProperty("frames").GetInt32());
    }
}
