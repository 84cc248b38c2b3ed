using System.Text.Json;

namespace MLNet.Siamese.Tests.Cli;

public class TrackCommandTests
{
    private const string WakeboardBox = "623.5,299.5,11,38";

    [SkippableFact]
    public void Tracks_a_sequence_to_csv_json_and_an_annotated_video()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string frames = SharedData.Require("data/sequences/wakeboard7/img");
        string dir = CliHarness.TempDir("cli-track");
        string csv = Path.Combine(dir, "t.csv"), json = Path.Combine(dir, "t.json"), mp4 = Path.Combine(dir, "t.mp4");

        var (code, _, err) = CliHarness.Run("track", "-m", pack, "-i", frames, "--box", WakeboardBox, "-o", csv, "--render", mp4, "--max-frames", "20");
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("source,target,frame,timestamp_ms,x,y,w,h,score,status", lines[0]);
        Assert.Equal(21, lines.Length);
        Assert.EndsWith(",init", lines[1]);
        Assert.All(lines.Skip(2), l => Assert.EndsWith(",tracked", l));
        Assert.True(new FileInfo(mp4).Length > 1000);
        Assert.False(File.Exists(csv + ".partial"));

        (code, _, err) = CliHarness.Run("track", "-m", pack, "-i", frames, "--box", WakeboardBox, "-o", json, "--max-frames", "5", "-q");
        Assert.True(code == 0, err);
        var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(5, doc.RootElement.GetProperty("tracks").GetArrayLength());
    }

    [SkippableFact]
    public void Without_a_model_option_the_bundled_default_model_tracks()
    {
        string frames = SharedData.Require("data/sequences/wakeboard7/img");
        string bundled = Path.Combine(AppContext.BaseDirectory, "models", "default");
        Assert.True(File.Exists(Path.Combine(bundled, "model.json")), $"{bundled}: the default model is not copied beside siamese.dll");

        var (code, implicitOut, err) = CliHarness.Run("track", "-i", frames, "--box", WakeboardBox, "--max-frames", "8", "-q");
        Assert.True(code == 0, err);
        var (code2, explicitOut, err2) = CliHarness.Run("track", "-m", Path.Combine(SharedData.RepoRoot, "models", "default"),
            "-i", frames, "--box", WakeboardBox, "--max-frames", "8", "-q");
        Assert.True(code2 == 0, err2);
        Assert.Equal(9, implicitOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(explicitOut, implicitOut);
    }

    [SkippableFact]
    public void Missing_model_file_fails_with_its_name()
    {
        string pack = NanoTrackPacks.Copy("nanotrack-v2");
        File.Delete(Path.Combine(pack, "nanotrack_head_sim.onnx"));
        var (code, _, err) = CliHarness.Run("track", "-m", pack, "-i", SharedData.Require("data/sequences/wakeboard7/img"), "--box", WakeboardBox);
        Assert.Equal(1, code);
        Assert.Contains("nanotrack_head_sim.onnx", err);
        Assert.Contains("not found", err);
    }

    [SkippableFact]
    public void Malformed_manifest_fails_naming_the_manifest()
    {
        string pack = NanoTrackPacks.Copy("nanotrack-v2");
        File.WriteAllText(Path.Combine(pack, "model.json"), "{ \"format\": ");
        var (code, _, err) = CliHarness.Run("track", "-m", pack, "-i", SharedData.Require("data/sequences/wakeboard7/img"), "--box", WakeboardBox);
        Assert.Equal(1, code);
        Assert.Contains("model.json", err);
        Assert.Contains("malformed", err);
    }

    [SkippableFact]
    public void Corrupt_jpeg_fails_naming_the_file()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string src = SharedData.Require("data/sequences/wakeboard7/img");
        string dir = CliHarness.TempDir("cli-corrupt");
        var files = Directory.GetFiles(src, "*.jpg").Order().Take(4).ToArray();
        foreach (var f in files) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        string victim = Path.Combine(dir, Path.GetFileName(files[2]));
        var bytes = File.ReadAllBytes(victim);
        File.WriteAllBytes(victim, bytes[..(bytes.Length / 2)]);

        var (code, _, err) = CliHarness.Run("track", "-m", pack, "-i", dir, "--box", WakeboardBox, "-o", Path.Combine(dir, "out.csv"));
        Assert.Equal(1, code);
        Assert.Contains(Path.GetFileName(victim), err);
        Assert.False(File.Exists(Path.Combine(dir, "out.csv")), "no partial table may be left behind");
    }

    [SkippableFact]
    public void Truncated_video_fails_naming_the_file()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string video = SharedData.Require("data/videos/bag.avi");
        string dir = CliHarness.TempDir("cli-truncated");
        string truncated = Path.Combine(dir, "bag-truncated.avi");
        var bytes = File.ReadAllBytes(video);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length * 6 / 10)]);

        var (code, _, err) = CliHarness.Run("track", "-m", pack, "-i", truncated, "--box", "315,140,112,112", "-q", "-o", Path.Combine(dir, "t.csv"));
        Assert.Equal(1, code);
        Assert.Contains("bag-truncated.avi", err);
    }

    [SkippableTheory]
    [InlineData("5000,5000,20,20", 1, "outside")]
    [InlineData("100,100,0,20", 2, "--box: box 100,100,0,20 must have a positive width and height")]
    [InlineData("100,100,-5,20", 2, "--box: box 100,100,-5,20 must have a positive width and height")]
    [InlineData("1,2,3", 2, "--box")]
    [InlineData("a,b,c,d", 2, "--box")]
    public void Bad_boxes_fail_clearly(string box, int expectedCode, string expectedText)
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        var (code, _, err) = CliHarness.Run("track", "-m", pack, "-i", SharedData.Require("data/sequences/wakeboard7/img"), "--box", box, "-q");
        Assert.Equal(expectedCode, code);
        Assert.Contains(expectedText, err);
    }

    [SkippableFact]
    public void Unknown_output_format_and_missing_input_fail()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        var (code, _, err) = CliHarness.Run("track", "-m", pack, "-i", SharedData.Require("data/sequences/wakeboard7/img"), "--box", WakeboardBox, "-o", "/tmp/x.xlsx");
        Assert.Equal(1, code);
        Assert.Contains(".xlsx", err);

        (code, _, err) = CliHarness.Run("track", "-m", pack, "-i", "/nonexistent/video.mp4", "--box", WakeboardBox);
        Assert.Equal(1, code);
        Assert.Contains("/nonexistent/video.mp4", err);
    }

    [Fact]
    public void Missing_required_options_is_a_usage_error()
    {
        var (code, _, err) = CliHarness.Run("track", "--box", "1,2,3,4");
        Assert.Equal(2, code);
        Assert.Contains("--input", err);
        Assert.DoesNotContain("--model", err.Split('\n')[0]); // the model has a default: the bundled pack
    }

    [SkippableFact]
    public void Tracks_a_live_http_stream_flushing_each_row_and_reporting_drops_and_latency()
    {
        string bag = SharedData.Require("data/videos/bag.avi");
        using var server = new MLNet.Siamese.Tests.Video.LocalStreamServer(bag, seconds: 3);
        string dir = CliHarness.TempDir("cli-live");
        string jsonl = Path.Combine(dir, "live.jsonl");

        var (code, _, err) = CliHarness.Run("track", "-i", server.Url, "--box", "315,140,112,112", "-o", jsonl, "--stall-timeout", "5");
        Assert.True(code == 0, err);
        var rows = File.ReadAllLines(jsonl).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.True(rows.Count > 5, $"{rows.Count} rows");
        Assert.Equal("init", rows[0].GetProperty("status").GetString());
        Assert.All(rows, r => Assert.Equal(server.Url, r.GetProperty("source").GetString()));
        Assert.Matches(@"live http://127\.0\.0\.1:\d+: \d+ frames captured, \d+ tracked, \d+ dropped .*latency capture to box mean [\d.]+ ms", err);
        Assert.Contains("closed by the server", err);
        Assert.False(File.Exists(Path.Combine(dir, "live.partial.jsonl")));

        // A stream that cannot be opened: one line naming it, exit 1.
        (code, _, err) = CliHarness.Run("track", "-i", server.Url, "--box", "315,140,112,112", "-o", jsonl, "--stall-timeout", "2");
        Assert.Equal(1, code);
        Assert.Contains($"{server.Url}: cannot open the stream", err);
        Assert.Single(err.Trim().Split('\n'));
    }
}
