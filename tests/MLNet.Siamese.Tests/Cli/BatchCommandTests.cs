using System.Diagnostics;
using System.Text.Json;
using MLNet.Siamese.Batch;
using MLNet.Siamese.Tests.Batch;

namespace MLNet.Siamese.Tests.Cli;

public class BatchCommandTests
{
    [SkippableFact]
    public void Two_bad_jobs_among_six_good_fail_alone_and_the_exit_code_says_so()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string dir = CliHarness.TempDir("cli-batch-faults");
        var good = BatchTestData.GoodJobs();
        var jobs = new List<BatchJob>(good);
        jobs.Insert(2, BatchTestData.Job("missing", Path.Combine(dir, "no-such-video.mp4"), ("t", 0, "10,10,20,20")));
        jobs.Insert(5, BatchTestData.Job("outside", BatchTestData.Bag, ("t", 0, "900,900,20,20")));
        string list = BatchTestData.WriteCsv(Path.Combine(dir, "jobs.csv"), jobs);
        string output = Path.Combine(dir, "out");

        var (code, _, err) = CliHarness.Run("batch", "--jobs", list, "-m", pack, "-o", output, "--max-frames", "12", "--render", "-q");
        Assert.True(code == 1, err);
        Assert.Contains("FAILED missing", err);
        Assert.Contains("no-such-video.mp4", err);
        Assert.Contains("FAILED outside", err);

        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json"))).RootElement;
        Assert.Equal(6, summary.GetProperty("videos").GetProperty("completed").GetInt32());
        Assert.Equal(2, summary.GetProperty("videos").GetProperty("failed").GetInt32());
        var status = summary.GetProperty("jobs").EnumerateArray().ToDictionary(j => j.GetProperty("id").GetString()!, j => j);
        Assert.Contains("no-such-video.mp4", status["missing"].GetProperty("error").GetString());
        Assert.Contains("outside the 480x360 frame", status["outside"].GetProperty("error").GetString());
        Assert.True(summary.GetProperty("memory").GetProperty("peak_working_set_mib").GetDouble() > 0);

        foreach (var job in good)
        {
            Assert.Equal("completed", status[job.Id].GetProperty("status").GetString());
            Assert.True(File.Exists(Path.Combine(output, "videos", job.Id + ".csv")));
            Assert.True(File.Exists(Path.Combine(output, "videos", job.Id + ".json")));
            Assert.True(new FileInfo(Path.Combine(output, "annotated", job.Id + ".mp4")).Length > 1000);
        }
        Assert.False(File.Exists(Path.Combine(output, "videos", "missing.csv")));
        Assert.False(File.Exists(Path.Combine(output, "annotated", "outside.mp4")));
        Assert.Empty(Directory.GetFiles(output, "*.partial*", SearchOption.AllDirectories));

        // The combined tables: the good jobs' rows, in job-list order, in both formats.
        var csv = File.ReadAllLines(Path.Combine(output, "tracks.csv"));
        var jsonl = File.ReadAllLines(Path.Combine(output, "tracks.jsonl"));
        Assert.Equal("source,target,frame,timestamp_ms,x,y,w,h,score,status", csv[0]);
        Assert.Equal(csv.Length - 1, jsonl.Length);
        Assert.Equal(good.Select(j => j.Id), csv.Skip(1).Select(l => l.Split(',')[0]).Distinct());
        Assert.Equal(csv.Skip(1).Select(l => l.Split(',')[2]), jsonl.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("frame").GetInt64().ToString()));
    }

    [SkippableFact]
    public void A_killed_run_resumed_ends_with_the_tables_of_an_uninterrupted_run()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string dir = CliHarness.TempDir("cli-batch-resume");
        string bolt = BatchTestData.Sequence("Bolt");
        var jobs = Enumerable.Range(0, 6).Select(i => BatchTestData.Job($"bolt{i}", bolt, ("runner", i * 10, "336,165,26,61"), ("other", i * 10 + 3, "100,100,40,40"))).ToList();
        string list = BatchTestData.WriteCsv(Path.Combine(dir, "jobs.csv"), jobs);
        string[] common = ["batch", "--jobs", list, "-m", pack, "--max-frames", "80", "--max-open", "1", "-q"];
        string reference = Path.Combine(dir, "reference"), resumed = Path.Combine(dir, "resumed");

        var (code, _, err) = CliHarness.Run([.. common, "-o", reference]);
        Assert.True(code == 0, err);

        // Kill (SIGKILL: no clean-up at all) once the first job is complete and before the last is.
        using (var child = Start([.. common, "-o", resumed]))
        {
            string firstMarker = Path.Combine(resumed, "videos", "bolt0.done.json"), lastMarker = Path.Combine(resumed, "videos", "bolt5.done.json");
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(firstMarker) && !child.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(5);
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
            Assert.True(File.Exists(firstMarker), "the first job never completed");
            Assert.False(File.Exists(lastMarker), "the run finished before it could be killed");
        }
        Assert.False(File.Exists(Path.Combine(resumed, "tracks.csv")));

        (code, _, err) = CliHarness.Run([.. common, "-o", resumed, "--resume"]);
        Assert.True(code == 0, err);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(resumed, "summary.json"))).RootElement.GetProperty("videos");
        Assert.True(summary.GetProperty("skipped").GetInt32() >= 1);
        Assert.Equal(6, summary.GetProperty("skipped").GetInt32() + summary.GetProperty("completed").GetInt32());

        var expected = Tables(reference);
        Assert.Equal(expected.Keys, Tables(resumed).Keys);
        foreach (var (name, bytes) in expected) Assert.True(bytes.SequenceEqual(File.ReadAllBytes(Path.Combine(resumed, name))), name + " differs");
        Assert.Empty(Directory.GetFiles(resumed, "*.partial*", SearchOption.AllDirectories));
    }

    [SkippableFact]
    public void Ctrl_c_stops_cleanly_keeping_completed_jobs()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string dir = CliHarness.TempDir("cli-batch-sigint");
        string bolt = BatchTestData.Sequence("Bolt");
        var jobs = Enumerable.Range(0, 6).Select(i => BatchTestData.Job($"bolt{i}", bolt, ("runner", 0, "336,165,26,61"))).ToList();
        string list = BatchTestData.WriteCsv(Path.Combine(dir, "jobs.csv"), jobs);
        string output = Path.Combine(dir, "out");
        string err;
        using (var child = Start(["batch", "--jobs", list, "-m", pack, "-o", output, "--max-frames", "120", "--max-open", "1", "-q"]))
        {
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(output, "videos", "bolt0.done.json")) && !child.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(5);
            Assert.False(child.HasExited, "the run ended before it could be interrupted");
            using (var kill = Process.Start("kill", ["-s", "INT", child.Id.ToString()])) kill.WaitForExit();
            Assert.True(child.WaitForExit(60_000), "no clean stop within a minute");
            Assert.Equal(130, child.ExitCode);
            err = StandardErrorText(child);
        }
        Assert.Contains("interrupted", err);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json"))).RootElement;
        Assert.True(summary.GetProperty("interrupted").GetBoolean());
        int completed = summary.GetProperty("videos").GetProperty("completed").GetInt32();
        Assert.InRange(completed, 1, 5);
        Assert.Equal(6 - completed, summary.GetProperty("videos").GetProperty("cancelled").GetInt32());
        var rows = File.ReadAllLines(Path.Combine(output, "tracks.csv")).Skip(1).Select(l => l.Split(',')[0]).Distinct().ToList();
        Assert.Equal(jobs.Take(completed).Select(j => j.Id), rows);
        Assert.Empty(Directory.GetFiles(output, "*.partial*", SearchOption.AllDirectories));
    }

    /// <summary>Every output but the run summary (which holds timings), by relative path.</summary>
    private static SortedDictionary<string, byte[]> Tables(string root) => new(
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "summary.json")
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes), StringComparer.Ordinal);

    private static Process Start(string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "siamese.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        var stderr = new System.Text.StringBuilder();
        ErrorText.AddOrUpdate(p, stderr);
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, System.Text.StringBuilder> ErrorText = new();

    private static string StandardErrorText(Process p)
    {
        p.WaitForExit(); // drains the asynchronous readers
        var text = ErrorText.TryGetValue(p, out var sb) ? sb : new System.Text.StringBuilder();
        lock (text) return text.ToString();
    }

    [SkippableFact]
    public void Bench_compares_sequential_and_pipeline_in_one_run()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string dir = CliHarness.TempDir("cli-batch-bench");
        string list = BatchTestData.WriteCsv(Path.Combine(dir, "jobs.csv"), BatchTestData.GoodJobs().Take(2));
        string json = Path.Combine(dir, "bench.json");
        var (code, stdout, err) = CliHarness.Run("batch", "--bench", "--jobs", list, "-m", pack, "--streams", "3", "--max-frames", "8", "--rounds", "1", "--json", json);
        Assert.True(code == 0, err + stdout);
        foreach (var label in new[] { "sequential", "batch pipeline", "speed-up", "busy time", "mean IoU 1.000000", "peak working set" })
            Assert.Contains(label, stdout);
        var doc = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal(3, doc.GetProperty("streams").GetInt32());
        Assert.True(doc.GetProperty("speedup").GetDouble() > 0);
        Assert.All(doc.GetProperty("videos").EnumerateArray(), v => Assert.Equal(v.GetProperty("compared").GetInt64(), v.GetProperty("identical").GetInt64()));
    }

    [Theory]
    [InlineData(new[] { "batch", "--jobs", "j.csv", "-m", "pack" }, "--out")]
    [InlineData(new[] { "batch", "--jobs", "j.csv", "-m", "pack", "-o", "x", "--batching", "maybe" }, "--batching")]
    [InlineData(new[] { "batch", "--jobs", "j.csv", "-m", "pack", "-o", "x", "--batch", "0" }, "--batch")]
    public void Usage_errors_exit_2(string[] args, string expected)
    {
        var (code, _, err) = CliHarness.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void A_bad_job_list_fails_naming_the_file_and_line()
    {
        string dir = CliHarness.TempDir("cli-batch-list");
        string list = Path.Combine(dir, "jobs.csv");
        File.WriteAllText(list, "video,x,y,w,h\nv.mp4,1,2,3,4\nv.mp4,1,2,three,4\n");
        var (code, _, err) = CliHarness.Run("batch", "--jobs", list, "-m", dir, "-o", Path.Combine(dir, "out"));
        Assert.Equal(1, code);
        Assert.Contains($"{list}: line 3: field 'w'", err);
    }
}
