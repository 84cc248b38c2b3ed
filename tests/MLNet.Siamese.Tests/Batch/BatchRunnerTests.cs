using MLNet.Siamese.Batch;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Output;
using MLNet.Siamese.Tests.Imaging;

namespace MLNet.Siamese.Tests.Batch;

public class BatchRunnerTests
{
    private static List<BatchJob> Jobs()
    {
        string bolt = BatchTestData.Sequence("Bolt");
        return Enumerable.Range(0, 4).Select(i => BatchTestData.Job($"bolt{i}", bolt, ("runner", i * 5, "336,165,26,61"), ("other", 2, "100,100,40,40"))).ToList();
    }

    [SkippableFact]
    public async Task A_cancelled_run_keeps_completed_jobs_and_a_resume_matches_an_uninterrupted_run()
    {
        using var model = SiameseModel.Load(NanoTrackPacks.Get("nanotrack-v2"));
        using var tracker = new BatchTracker(model, new BatchOptions { MaxFrames = 40, MaxOpenVideos = 1 });
        using var dir = new TempDirectory();
        var jobs = Jobs();

        var reference = await new BatchRunner(tracker, new BatchRunOptions { OutputDirectory = dir.File("a") }).RunAsync(jobs);
        Assert.Equal(4, reference.Completed);
        Assert.False(reference.Interrupted);

        using var cts = new CancellationTokenSource();
        var cancelled = await new BatchRunner(tracker, new BatchRunOptions { OutputDirectory = dir.File("b"), Progress = new CancelAfterFirstJob(cts) })
            .RunAsync(jobs, cts.Token);
        Assert.True(cancelled.Interrupted);
        Assert.True(cancelled.Completed >= 1 && cancelled.Cancelled >= 1, $"{cancelled.Completed} completed, {cancelled.Cancelled} cancelled");
        foreach (var j in cancelled.Jobs.Where(j => j.Outcome.Status == JobStatus.Cancelled))
            Assert.False(File.Exists(Path.Combine(dir.File("b"), "videos", j.Id + ".csv")));

        var resumed = await new BatchRunner(tracker, new BatchRunOptions { OutputDirectory = dir.File("b"), Resume = true }).RunAsync(jobs);
        Assert.Equal(cancelled.Completed, resumed.Skipped);
        Assert.Equal(4, resumed.Completed + resumed.Skipped);
        Assert.Equal(reference.Jobs.Select(j => j.Outcome.Records), resumed.Jobs.Select(j => j.Outcome.Records));
        foreach (var name in new[] { "tracks.csv", "tracks.jsonl" }.Concat(jobs.SelectMany(j => new[] { $"videos/{j.Id}.csv", $"videos/{j.Id}.json" })))
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("a"), name)), File.ReadAllBytes(Path.Combine(dir.File("b"), name)));

        // A job whose inputs changed since it completed runs again on resume; the others are skipped.
        jobs[1] = jobs[1] with { Targets = [new BatchTarget("runner", 0, new(330, 160, 30, 60))] };
        var changed = await new BatchRunner(tracker, new BatchRunOptions { OutputDirectory = dir.File("b"), Resume = true }).RunAsync(jobs);
        Assert.Equal([JobStatus.Skipped, JobStatus.Completed, JobStatus.Skipped, JobStatus.Skipped], changed.Jobs.Select(j => j.Outcome.Status));
    }

    [SkippableFact]
    public async Task The_combined_tables_are_the_records_in_job_order_as_the_track_writer_formats_them()
    {
        using var tracker = BatchTracker.Create(NanoTrackPacks.Get("nanotrack-v2"), options: new BatchOptions { MaxFrames = 15 });
        using var dir = new TempDirectory();
        var jobs = BatchTestData.GoodJobs().Take(3).ToList();
        await new BatchRunner(tracker, new BatchRunOptions { OutputDirectory = dir.File("out") }).RunAsync(jobs);

        var records = new List<TrackRecord>();
        await foreach (var r in tracker.TrackAsync(jobs)) records.Add(r);
        foreach (var ext in new[] { "csv", "jsonl" })
        {
            using (var writer = TrackWriter.Create(dir.File("expected." + ext)))
            {
                foreach (var r in jobs.SelectMany(j => records.Where(r => r.Source == j.Id))) writer.Write(r);
                writer.Commit();
            }
            Assert.Equal(File.ReadAllText(dir.File("expected." + ext)), File.ReadAllText(Path.Combine(dir.File("out"), "tracks." + ext)));
        }
    }

    private sealed class CancelAfterFirstJob(CancellationTokenSource cts) : IBatchProgress
    {
        public void JobStarted(BatchJob job, long? expectedFrames) { }

        public void FramesTracked(BatchJob job, long framesDone) { }

        public void JobFinished(BatchJob job, JobOutcome outcome) => cts.Cancel();
    }
}
