namespace MLNet.Siamese.Tests.Cli;

/// <summary>
/// Issue 14 ("the CLI tried as a hostile user would"): bad numbers, boxes and paths are one-line usage errors naming the
/// option (exit 2), and a box the tracker cannot start from is one runtime error naming the box (exit 1); never a stack
/// trace, never a partial file.
/// </summary>
public class HostileValueTests
{
    private static readonly int MaxThreads = 4 * Environment.ProcessorCount;

    public static TheoryData<string[], string> UsageErrors => new()
    {
        // item 1: non-integer or overflowing values of range-checked options used to crash (exit 134)
        { ["track", "-i", "v.mp4", "-b", "1,2,3,4", "--threads", "abc"],
            $"error: --threads: expected a whole number from 0 to {MaxThreads}, got 'abc' (see 'siamese track --help')" },
        { ["track", "-i", "v.mp4", "-b", "1,2,3,4", "--max-frames", "99999999999"],
            "error: --max-frames: expected a whole number >= 1, got '99999999999' (see 'siamese track --help')" },
        { ["track", "-i", "v.mp4", "-b", "1,2,3,4", "--start-frame", "99999999999"],
            "error: --start-frame: expected a whole number >= 0, got '99999999999' (see 'siamese track --help')" },
        { ["batch", "--jobs", "j.csv", "-o", "out", "--workers", "1.5"],
            $"error: --workers: expected a whole number from 1 to {MaxThreads}, got '1.5' (see 'siamese batch --help')" },
        { ["batch", "--jobs", "j.csv", "-o", "out", "--max-open", "99999999999"],
            "error: --max-open: expected a whole number from 1 to 1024, got '99999999999' (see 'siamese batch --help')" },
        { ["eval", "-m", "p", "-d", "d", "-o", "out", "--parallel", "x"],
            $"error: --parallel: expected a whole number from 1 to {MaxThreads}, got 'x' (see 'siamese eval --help')" },
        // item 2: a huge finite box is refused where it is parsed
        { ["track", "-i", "v.mp4", "--box", "336,165,1e308,61"],
            "error: --box: box 336,165,1e+308,61 is larger than 65536 pixels (see 'siamese track --help')" },
        { ["track", "-i", "v.mp4", "--box", "336,165,0,61"],
            "error: --box: box 336,165,0,61 must have a positive width and height (see 'siamese track --help')" },
        // item 3: an empty path
        { ["track", "-i", "", "-b", "1,2,3,4"], "error: --input: expected a path, got '' (see 'siamese track --help')" },
        // item 12: --threads is bounded (4 per processor)
        { ["track", "-i", "v.mp4", "-b", "1,2,3,4", "--threads", "1000"],
            $"error: --threads: expected a whole number from 0 to {MaxThreads}, got '1000' (see 'siamese track --help')" },
        { ["track", "-i", "v.mp4", "-b", "1,2,3,4", "--threads", "100000"],
            $"error: --threads: expected a whole number from 0 to {MaxThreads}, got '100000' (see 'siamese track --help')" },
        // item 14: bench values used to be clamped or printed as NaNx
        { ["bench", "-m", "p", "-i", "v.mp4", "--frames", "0"], "error: --frames: expected a whole number from 2 to 5000, got '0' (see 'siamese bench --help')" },
        { ["bench", "-m", "p", "-i", "v.mp4", "--rounds", "-1"], "error: --rounds: expected a whole number from 1 to 100, got '-1' (see 'siamese bench --help')" },
        { ["bench", "-m", "p", "-i", "v.mp4", "--reference-ms", "NaN"],
            "error: --reference-ms: expected a finite number greater than 0, got 'NaN' (see 'siamese bench --help')" },
        { ["bench", "-m", "p", "-i", "v.mp4", "--reference-ms", "-3"],
            "error: --reference-ms: expected a finite number greater than 0, got '-3' (see 'siamese bench --help')" },
        // one path for choices and switches too
        { ["eval", "-m", "p", "-d", "d", "-o", "out", "--protocol", "otb2015"],
            "error: --protocol: expected one of otb, got10k, vot, got 'otb2015' (see 'siamese eval --help')" },
        { ["eval", "-m", "p", "-d", "d", "-o", "out", "--eao-range", "1,2147483648"],
            "error: --eao-range: expected low,high with 1 <= low <= high <= 100000, got '1,2147483648' (see 'siamese eval --help')" },
        { ["track", "-i", "v.mp4", "-b", "1,2,3,4", "-q", "maybe"],
            "error: -q: unexpected value 'maybe' (a switch takes no value) (see 'siamese track --help')" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void Bad_values_are_one_line_usage_errors_naming_the_option(string[] args, string expected)
    {
        var (code, stdout, stderr) = CliHarness.Run(args);
        Assert.True(code == 2, $"exit {code}: {stderr}");
        Assert.Equal(expected, stderr.TrimEnd('\n'));
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Pack_output_folder_equal_to_the_source_is_a_usage_error()
    {
        string dir = CliHarness.TempDir("cli-pack-same");
        var (code, _, stderr) = CliHarness.Run("pack", "nanotrack", "--source", dir, "--out", dir + "/");
        Assert.True(code == 2, stderr);
        Assert.Equal($"error: --out: the pack folder must differ from --source ({dir}/) (see 'siamese pack nanotrack --help')", stderr.TrimEnd('\n'));
    }

    [SkippableTheory]
    [InlineData("336,165,20000,61", "error: init box 336,165,20000,61 is more than 16 times the size of the 640x360 frame")]
    [InlineData("1000,165,26,61", "error: init box 1000,165,26,61 lies outside the 640x360 frame")]
    public void A_box_the_tracker_cannot_start_from_is_one_error_naming_it_and_leaves_no_file(string box, string expected)
    {
        string frames = SharedData.Require("data/sequences/Bolt/img");
        string dir = CliHarness.TempDir("cli-hostile-box");
        var (code, _, stderr) = CliHarness.Run("track", "-i", frames, "--box", box, "-o", Path.Combine(dir, "t.csv"), "-q");
        Assert.True(code == 1, stderr);
        Assert.Equal(expected, stderr.TrimEnd('\n'));
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [SkippableFact]
    public void Eval_fails_the_sequence_with_a_bad_first_box_alone_and_names_it()
    {
        string bolt = SharedData.Require("data/sequences/Bolt");
        string root = CliHarness.TempDir("cli-eval-badbox");
        string data = Path.Combine(root, "data");
        var frames = Directory.GetFiles(Path.Combine(bolt, "img"), "*.jpg").Order().Take(3).ToArray();
        var rows = File.ReadLines(Path.Combine(bolt, "groundtruth_rect.txt")).Take(3).ToArray();
        foreach (var (name, first) in new[] { ("Good", rows[0]), ("Outside", "1000,165,26,61"), ("Huge", "336,165,1e308,61") })
        {
            Directory.CreateDirectory(Path.Combine(data, name, "img"));
            foreach (var f in frames) File.Copy(f, Path.Combine(data, name, "img", Path.GetFileName(f)));
            File.WriteAllLines(Path.Combine(data, name, "groundtruth_rect.txt"), [first, rows[1], rows[2]]);
        }
        string model = Path.Combine(AppContext.BaseDirectory, "models", "default");
        string outDir = Path.Combine(root, "out");

        var (code, _, stderr) = CliHarness.Run("eval", "-m", model, "-d", data, "-o", outDir, "-q", "--parallel", "1");

        Assert.True(code == 1, stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, stderr);
        Assert.StartsWith("error: sequence 'Huge' (default): init box ", lines[0]);
        Assert.Contains("is larger than 65536 pixels; sequence 'Outside' (default): init box 1000.5,165.5,26,61 lies outside the 640x360 frame", lines[0]);
        Assert.EndsWith("(2 of 3 runs failed; the results of the others are kept, so a resumed run repeats only the failed ones)", lines[0]);
        string results = Path.Combine(outDir, "results", "default");
        Assert.True(File.Exists(Path.Combine(results, "Good.txt")));
        Assert.False(File.Exists(Path.Combine(results, "Outside.txt")));
        Assert.False(File.Exists(Path.Combine(results, "Huge.txt")));
    }
}
