using MLNet.Siamese.Batch;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Output;
using MLNet.Siamese.Tests.Imaging;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;
using Xunit.Abstractions;

namespace MLNet.Siamese.Tests.Batch;

public class BatchTrackerTests(ITestOutputHelper output)
{
    private const long MaxFrames = 30;

    [SkippableTheory]
    [InlineData(BatchInferenceMode.Batched)]
    [InlineData(BatchInferenceMode.PerItem)]
    public async Task Multi_target_boxes_equal_single_stream_tracking(BatchInferenceMode mode)
    {
        var jobs = BatchTestData.GoodJobs();
        using var model = SiameseModel.Load(NanoTrackPacks.Get("nanotrack-v2"));
        using var batch = new BatchTracker(model, new BatchOptions { MaxFrames = MaxFrames, Inference = mode, MaxOpenVideos = 4, MaxBatchSize = 4 });
        Assert.Equal(mode == BatchInferenceMode.Batched, batch.IsBatched);
        output.WriteLine(batch.InferenceMode);

        var records = new List<TrackRecord>();
        await foreach (var r in batch.TrackAsync(jobs)) records.Add(r);

        foreach (var job in jobs)
        {
            var mine = records.Where(r => r.Source == job.Id).ToList();
            // Per job: frame order, targets in job order within a frame.
            Assert.Equal(mine.OrderBy(r => r.FrameIndex).ThenBy(r => job.Targets.ToList().FindIndex(t => t.Id == r.TargetId)), mine);
            var ious = new List<double>();
            foreach (var target in job.Targets)
            {
                var expected = SingleStream(model, job, target);
                var actual = mine.Where(r => r.TargetId == target.Id).ToList();
                Assert.Equal(expected.Select(e => e.Frame), actual.Select(a => a.FrameIndex));
                Assert.Equal(TrackStatus.Init, actual[0].Status);
                ious.AddRange(expected.Zip(actual, (e, a) => e.Box.IoU(a.Box)));
            }
            output.WriteLine($"{job.Id}: {ious.Count} boxes, mean IoU {ious.Average():0.000000}");
            Assert.True(ious.Average() >= 0.999, $"{job.Id}: mean IoU {ious.Average()}");
        }
        var stats = batch.Statistics;
        Assert.Equal(records.Count(r => r.Status == TrackStatus.Tracked), stats.SearchItems);
        Assert.True(stats.ModelCalls > 0 && stats.ModelCalls <= stats.SearchItems);
    }

    /// <summary>The reference: one <see cref="ISiameseTracker"/> per target over its own decode of the video.</summary>
    private static List<(long Frame, BoundingBox Box)> SingleStream(SiameseModel model, BatchJob job, BatchTarget target)
    {
        using var tracker = SiameseTracker.Create(model);
        using var source = FrameSource.Open(job.Video, new FrameSourceOptions { StartFrame = target.StartFrame });
        var boxes = new List<(long, BoundingBox)>();
        while (source.ReadNext() is { } frame)
            using (frame)
            {
                if (frame.Index >= job.FirstFrame + MaxFrames) break;
                if (boxes.Count == 0) tracker.Init(frame, target.Box);
                boxes.Add((frame.Index, boxes.Count == 0 ? target.Box : tracker.Track(frame).Box));
            }
        return boxes;
    }

    [SkippableFact]
    public async Task A_bad_job_fails_alone_with_its_reason()
    {
        using var dir = new TempDirectory();
        var src = Directory.GetFiles(BatchTestData.Sequence("wakeboard7"), "*.jpg").Order().Take(8).ToArray();
        string corrupt = Path.Combine(dir.Path, "corrupt");
        Directory.CreateDirectory(corrupt);
        foreach (var f in src) File.Copy(f, Path.Combine(corrupt, Path.GetFileName(f)));
        string victim = Path.Combine(corrupt, Path.GetFileName(src[5]));
        File.WriteAllBytes(victim, File.ReadAllBytes(victim)[..2000]);

        var jobs = new List<BatchJob>
        {
            BatchTestData.Job("good", BatchTestData.Sequence("wakeboard7"), ("rider", 0, "623,299,11,38")),
            BatchTestData.Job("missing", Path.Combine(dir.Path, "nope.mp4"), ("t", 0, "1,1,10,10")),
            BatchTestData.Job("outside", BatchTestData.Bag, ("t", 0, "5000,5000,10,10")),
            BatchTestData.Job("late", BatchTestData.Sequence("wakeboard7"), ("t", 500, "1,1,10,10")),
            BatchTestData.Job("corrupt", corrupt, ("rider", 0, "623,299,11,38")),
            BatchTestData.Job("good-2", BatchTestData.Bag, ("bag", 0, "315,140,112,112")),
        };
        using var batch = BatchTracker.Create(NanoTrackPacks.Get("nanotrack-v2"), options: new BatchOptions { MaxFrames = 20, MaxOpenVideos = 3 });
        var outcomes = new Dictionary<string, JobOutcome>();
        await foreach (var e in batch.RunAsync(jobs))
            if (e is JobFinished f) outcomes.Add(f.Job.Id, f.Outcome);

        Assert.Equal(new JobOutcome(JobStatus.Completed, 20, 20), outcomes["good"]);
        Assert.Equal(new JobOutcome(JobStatus.Completed, 20, 20), outcomes["good-2"]);
        Assert.Contains("nope.mp4", Fail("missing"));
        Assert.Contains("target 't'", Fail("outside"));
        Assert.Contains("outside", Fail("outside"));
        Assert.Contains("start frame 500", Fail("late"));
        Assert.Contains(Path.GetFileName(victim), Fail("corrupt"));
        Assert.Equal(5, outcomes["corrupt"].Frames);

        string Fail(string id)
        {
            Assert.Equal(JobStatus.Failed, outcomes[id].Status);
            output.WriteLine($"{id}: {outcomes[id].Error}");
            return outcomes[id].Error!;
        }
    }

    [SkippableFact]
    public async Task Cancellation_stops_open_jobs_and_ends_the_run_cleanly()
    {
        var video = BatchTestData.Sequence("Bolt");
        var jobs = Enumerable.Range(0, 6).Select(i => BatchTestData.Job($"bolt{i}", video, ("runner", 0, "336,165,26,61"))).ToList();
        using var batch = BatchTracker.Create(NanoTrackPacks.Get("nanotrack-v2"), options: new BatchOptions { MaxOpenVideos = 2 });
        using var cts = new CancellationTokenSource();
        var outcomes = new Dictionary<string, JobOutcome>();
        long frames = 0;
        await foreach (var e in batch.RunAsync(jobs, cts.Token))
        {
            if (e is FrameTracked && ++frames == 40) cts.Cancel();
            if (e is JobFinished f) outcomes.Add(f.Job.Id, f.Outcome);
        }
        Assert.Equal(jobs.Count, outcomes.Count);
        Assert.All(outcomes.Values, o => Assert.Equal(JobStatus.Cancelled, o.Status));
        Assert.True(frames < 40 + 2 * 4, $"{frames} frames after cancelling at 40");

        // Stopping the enumeration early also stops the pipeline, and the tracker can run again.
        await foreach (var e in batch.RunAsync(jobs))
            if (e is FrameTracked) break;
        int completed = 0;
        await foreach (var e in batch.RunAsync(jobs.Take(1), CancellationToken.None))
            if (e is JobFinished { Outcome.Status: JobStatus.Completed }) completed++;
        Assert.Equal(1, completed);
    }
}
