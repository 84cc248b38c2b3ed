namespace MLNet.Siamese.Tests.Cli;

/// <summary>
/// <c>siamese track</c> under signals, errors and a full disk: never a partial, short or empty output, never an
/// earlier file of the same name overwritten by an incomplete one, never a stack trace.
/// </summary>
public class TrackReliabilityTests
{
    private const string Bike1Box = "703,361,57,114";
    private const string Previous = "previous run's output\n";

    [SkippableTheory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public void A_signal_mid_run_leaves_no_partial_file_and_earlier_outputs_untouched(string signal, int expectedCode)
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string frames = SharedData.Require("data/sequences/bike1/img");
        string dir = CliHarness.TempDir("cli-track-signal");
        string csv = Path.Combine(dir, "out.csv"), mp4 = Path.Combine(dir, "out.mp4");
        File.WriteAllText(csv, Previous);
        File.WriteAllText(mp4, Previous);

        using var child = new CliChild("track", "-m", pack, "-i", frames, "--box", Bike1Box, "--threads", "1", "-o", csv, "--render", mp4, "-q");
        Assert.True(child.WaitUntil(() => File.Exists(Path.Combine(dir, "out.partial.mp4")) && File.Exists(Path.Combine(dir, "out.partial.csv"))),
            "the temporary outputs never appeared");
        Assert.False(child.HasExited, "the run ended before it could be interrupted");
        child.Signal(signal);
        var (code, err) = child.Wait();

        Assert.Equal(expectedCode, code);
        Assert.Contains("interrupted", err);
        Assert.DoesNotContain("   at ", err);
        Assert.Equal(Previous, File.ReadAllText(csv));
        Assert.Equal(Previous, File.ReadAllText(mp4));
        Assert.Empty(Directory.GetFiles(dir, "*.partial*"));
    }

    [SkippableFact]
    public void A_decode_error_mid_video_keeps_the_earlier_rendered_video()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string src = SharedData.Require("data/sequences/wakeboard7/img");
        string dir = CliHarness.TempDir("cli-track-render-error");
        string frames = Directory.CreateDirectory(Path.Combine(dir, "frames")).FullName;
        var files = Directory.GetFiles(src, "*.jpg").Order().Take(12).ToArray();
        foreach (var f in files) File.Copy(f, Path.Combine(frames, Path.GetFileName(f)));
        string victim = Path.Combine(frames, Path.GetFileName(files[8]));
        File.WriteAllBytes(victim, File.ReadAllBytes(victim)[..1000]);
        string mp4 = Path.Combine(dir, "out.mp4");
        File.WriteAllText(mp4, Previous);

        var (code, _, err) = CliHarness.Run("track", "-m", pack, "-i", frames, "--box", "623.5,299.5,11,38", "--render", mp4, "-o", Path.Combine(dir, "out.csv"), "-q");
        Assert.Equal(1, code);
        Assert.Contains(Path.GetFileName(victim), err);
        Assert.Equal(Previous, File.ReadAllText(mp4));
        Assert.False(File.Exists(Path.Combine(dir, "out.csv")));
        Assert.Empty(Directory.GetFiles(dir, "*.partial*"));
    }

    [SkippableTheory]
    [InlineData("-o", "out.csv", 8)]
    [InlineData("--render", "out.mp4", 64)]
    public void A_full_disk_fails_with_one_line_and_leaves_nothing(string option, string name, int kibibytes)
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string frames = SharedData.Require("data/sequences/bike1/img");
        using var disk = SmallDisk.Mount("cli-track-full", kibibytes);
        string output = Path.Combine(disk.Path, name);

        var (code, _, err) = CliHarness.Run("track", "-m", pack, "-i", frames, "--box", Bike1Box, option, output, "--max-frames", "300", "-q");
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", err);
        Assert.Contains(output, err);
        Assert.DoesNotContain("   at ", err);
        Assert.Empty(Directory.GetFiles(disk.Path, "*"));
    }
}
