using System.Text.Json;
using MLNet.Siamese.Batch;
using MLNet.Siamese.Tests.Batch;

namespace MLNet.Siamese.Tests.Cli;

/// <summary>
/// <c>siamese batch</c> under hostile inputs and conditions: a job that throws anything fails alone, resume never
/// trusts stale or damaged results, a second run cannot touch a folder in use, a full disk leaves no partial file.
/// </summary>
public class BatchReliabilityTests
{
    [SkippableFact]
    public void A_huge_finite_box_fails_its_job_alone_and_the_summary_is_written()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string dir = CliHarness.TempDir("cli-batch-huge");
        var jobs = new List<BatchJob>
        {
            BatchTestData.Job("before", BatchTestData.Sequence("Bolt"), ("runner", 0, "336,165,26,61")),
            BatchTestData.Job("huge", BatchTestData.Sequence("Bolt"), ("runner", 0, "336,165,1e308,61")),
            BatchTestData.Job("after", BatchTestData.Sequence("Human3"), ("walker", 0, "264,311,37,69")),
        };
        string list = Path.Combine(dir, "jobs.csv");
        File.WriteAllLines(list, ["job,video,target,start_frame,x,y,w,h", .. jobs.Select(j =>
            $"{j.Id},{j.Video},{j.Targets[0].Id},0,{(j.Id == "huge" ? "336,165,1e308,61" : string.Join(',', j.Targets[0].Box.X, j.Targets[0].Box.Y, j.Targets[0].Box.Width, j.Targets[0].Box.Height))}")]);
        string output = Path.Combine(dir, "out");

        var (code, _, err) = CliHarness.Run("batch", "--jobs", list, "-m", pack, "-o", output, "--max-frames", "10", "-q");
        Assert.Equal(1, code);
        Assert.Contains("FAILED huge", err);
        Assert.DoesNotContain("   at ", err);
        Assert.DoesNotContain("stopped unexpectedly", err);
        var status = Statuses(output);
        Assert.Equal("completed", status["before"].GetProperty("status").GetString());
        Assert.Equal("completed", status["after"].GetProperty("status").GetString());
        Assert.Equal("failed", status["huge"].GetProperty("status").GetString());
        Assert.Contains("target 'runner'", status["huge"].GetProperty("error").GetString());
        Assert.Equal(["before", "after"], File.ReadAllLines(Path.Combine(output, "tracks.csv")).Skip(1).Select(l => l.Split(',')[0]).Distinct());
    }

    [SkippableFact]
    public void Resume_redoes_a_job_whose_table_was_truncated_and_warns()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string dir = CliHarness.TempDir("cli-batch-truncated");
        string list = BatchTestData.WriteCsv(Path.Combine(dir, "jobs.csv"), BatchTestData.GoodJobs().Take(3));
        string output = Path.Combine(dir, "out");
        string[] run = ["batch", "--jobs", list, "-m", pack, "-o", output, "--max-frames", "30", "-q"];
        var (code, _, err) = CliHarness.Run(run);
        Assert.True(code == 0, err);
        string table = Path.Combine(output, "videos", "bag.csv");
        var complete = File.ReadAllBytes(table);
        var combined = File.ReadAllBytes(Path.Combine(output, "tracks.csv"));
        File.WriteAllLines(table, File.ReadAllLines(table).Take(4)); // header + 3 rows; the marker still records 30

        (code, _, err) = CliHarness.Run([.. run, "--resume"]);
        Assert.True(code == 0, err);
        Assert.Contains($"warning: job bag: {table} has 3 rows but its completion marker records 30", err);
        var status = Statuses(output);
        Assert.Equal("completed", status["bag"].GetProperty("status").GetString());
        Assert.Equal("skipped", status["wakeboard7"].GetProperty("status").GetString());
        Assert.Equal(complete, File.ReadAllBytes(table));
        Assert.Equal(combined, File.ReadAllBytes(Path.Combine(output, "tracks.csv")));

        // Same row count, altered content: the hash catches it.
        var lines = File.ReadAllLines(table);
        lines[5] = lines[5].Replace(",tracked", ",init");
        File.WriteAllLines(table, lines);
        (code, _, err) = CliHarness.Run([.. run, "--resume"]);
        Assert.True(code == 0, err);
        Assert.Contains("does not match the SHA-256", err);
        Assert.Equal(complete, File.ReadAllBytes(table));
    }

    [SkippableFact]
    public void Resume_redoes_every_job_when_a_pack_setting_changes()
    {
        string pack = NanoTrackPacks.Copy("nanotrack-v2");
        string dir = CliHarness.TempDir("cli-batch-pack");
        string list = BatchTestData.WriteCsv(Path.Combine(dir, "jobs.csv"), BatchTestData.GoodJobs().Take(2));
        string output = Path.Combine(dir, "out");
        string[] run = ["batch", "--jobs", list, "-m", pack, "-o", output, "--max-frames", "20", "-q", "--resume"];
        var (code, _, err) = CliHarness.Run(run);
        Assert.True(code == 0, err);
        var before = File.ReadAllBytes(Path.Combine(output, "tracks.csv"));

        string manifest = Path.Combine(pack, "model.json");
        string text = File.ReadAllText(manifest);
        Assert.Contains("\"windowInfluence\": 0.49", text);
        File.WriteAllText(manifest, text.Replace("\"windowInfluence\": 0.49", "\"windowInfluence\": 0.1"));

        (code, _, err) = CliHarness.Run(run);
        Assert.True(code == 0, err);
        Assert.All(Statuses(output).Values, s => Assert.Equal("completed", s.GetProperty("status").GetString()));
        Assert.Contains("changed since it completed", err);
        Assert.NotEqual(before, File.ReadAllBytes(Path.Combine(output, "tracks.csv")));
    }

    [SkippableFact]
    public void A_second_run_on_a_folder_in_use_fails_at_once_and_the_first_keeps_all_its_results()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string dir = CliHarness.TempDir("cli-batch-lock");
        string bolt = BatchTestData.Sequence("Bolt");
        var jobs = Enumerable.Range(0, 4).Select(i => BatchTestData.Job($"bolt{i}", bolt, ("runner", 0, "336,165,26,61"))).ToList();
        string list = BatchTestData.WriteCsv(Path.Combine(dir, "jobs.csv"), jobs);
        string output = Path.Combine(dir, "out");
        string[] run = ["batch", "--jobs", list, "-m", pack, "-o", output, "--max-frames", "100", "--max-open", "1", "-q"];

        using var first = new CliChild(run);
        Assert.True(first.WaitUntil(() => Directory.Exists(Path.Combine(output, "videos")) && Directory.GetFiles(Path.Combine(output, "videos"), "*.partial*").Length > 0),
            "the first run never started writing");
        var (code, _, err) = CliHarness.Run(run);
        Assert.Equal(1, code);
        Assert.Equal($"error: {output} is in use by another siamese batch run (pid {first.Id})", err.Trim());
        Assert.False(first.HasExited && first.Wait().ExitCode != 0, "the second run broke the first");

        var (firstCode, firstErr) = first.Wait();
        Assert.True(firstCode == 0, firstErr);
        Assert.All(Statuses(output).Values, s => Assert.Equal("completed", s.GetProperty("status").GetString()));
        foreach (var job in jobs) Assert.True(File.Exists(Path.Combine(output, "videos", job.Id + ".done.json")));
        Assert.Equal(401, File.ReadAllLines(Path.Combine(output, "tracks.csv")).Length);
        Assert.Empty(Directory.GetFiles(output, ".siamese-batch*"));
    }

    [SkippableFact]
    public void Running_out_of_disk_mid_job_leaves_no_partial_files()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string dir = CliHarness.TempDir("cli-batch-full");
        string bolt = BatchTestData.Sequence("Bolt");
        var jobs = Enumerable.Range(0, 10).Select(i => BatchTestData.Job($"bolt{i}", bolt, ("runner", 0, "336,165,26,61"))).ToList();
        string list = BatchTestData.WriteCsv(Path.Combine(dir, "jobs.csv"), jobs);
        using var disk = SmallDisk.Mount("cli-batch-disk", 96);

        var (code, _, err) = CliHarness.Run("batch", "--jobs", list, "-m", pack, "-o", disk.Path, "--max-frames", "150", "-q");
        Assert.Equal(1, code);
        Assert.Contains("No space left on device", err);
        Assert.DoesNotContain("   at ", err);
        Assert.Empty(Directory.GetFiles(disk.Path, "*.partial*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(disk.Path, ".siamese-batch*"));
    }

    private static Dictionary<string, JsonElement> Statuses(string output) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json"))).RootElement.GetProperty("jobs")
            .EnumerateArray().ToDictionary(j => j.GetProperty("id").GetString()!, j => j.Clone());
}
