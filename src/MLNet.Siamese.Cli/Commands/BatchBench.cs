using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MLNet.Siamese.Batch;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// <c>siamese batch --bench</c>: in one process and on one loaded model, tracks the streams one after another with the
/// single-stream <see cref="SiameseTracker"/> (decode in the loop, as <c>siamese track</c> does), then all together
/// through the <see cref="BatchTracker"/> pipeline; prints both rates, their ratio, where the time went, and how
/// closely the pipeline's boxes match (IoU per video).
/// </summary>
internal static class BatchBench
{
    /// <summary>Cores other processes (kernel threads included) may use during a round that still counts as run on an idle machine.</summary>
    private const double QuietOthers = 0.3;

    public static int Run(string modelPath, InferenceOptions inference, BatchOptions options, IReadOnlyList<BatchJob> list, int? streams,
        int rounds, string? jsonPath)
    {
        var jobs = Repeat(list, streams ?? list.Count);
        using var model = CliRunner.Load(inference, () => SiameseModel.Load(modelPath, inference));
        using var batch = new BatchTracker(model, options);
        // Warm-up: one full round, not timed: JIT up to the optimised tier (re-JIT would otherwise run during the first
        // timed rounds), ONNX Runtime's first-call allocations, the page cache.
        Sequential(model, jobs, options);
        Pipeline(batch, jobs);

        // Rounds alternate which mode goes first, so a change in machine load hits both alike; the median round is reported.
        var results = new List<Round>();
        for (int r = 0; r < rounds; r++)
        {
            var seq = r % 2 == 0 ? TimedSequential(model, jobs, options) : null;
            var (pipe, stats, threads) = TimedPipeline(batch, jobs);
            seq ??= TimedSequential(model, jobs, options);
            results.Add(new Round(seq, pipe, stats, threads));
        }
        var median = results.OrderBy(r => r.Ratio).ElementAt(results.Count / 2);
        var videos = jobs.Select(j => Compare(j, median.Seq.Boxes, median.Pipe.Boxes)).ToList();
        Report(model, options, jobs, results, median, videos, jsonPath);
        return videos.All(v => v.MeanIou >= 0.999) ? CliRunner.Success : CliRunner.Failure;
    }

    private sealed record Round(SequentialResult Seq, Result Pipe, BatchStatistics Stats, List<(string Group, double Ms)> Threads)
    {
        public double SeqFps => Seq.Frames / Seq.Elapsed.TotalSeconds;
        public double PipeFps => Pipe.Frames / Pipe.Elapsed.TotalSeconds;
        public double Ratio => PipeFps / SeqFps;
    }

    private static SequentialResult TimedSequential(SiameseModel model, IReadOnlyList<BatchJob> jobs, BatchOptions options)
    {
        var cpu = ProcessorTime();
        var machine = MachineLoad.BusyMs();
        var seq = Sequential(model, jobs, options);
        var ours = ProcessorTime() - cpu;
        return seq with { Cpu = ours, OthersCores = Others(machine, ours, seq.Elapsed) };
    }

    /// <summary>Cores other processes kept busy meanwhile; null where unknown.</summary>
    private static double? Others(double? machineBefore, TimeSpan ours, TimeSpan elapsed) =>
        MachineLoad.BusyMs() - machineBefore is { } busy ? Math.Max(0, (busy - ours.TotalMilliseconds) / elapsed.TotalMilliseconds) : null;

    private static (Result, BatchStatistics, List<(string Group, double Ms)>) TimedPipeline(BatchTracker batch, IReadOnlyList<BatchJob> jobs)
    {
        var cpu = ProcessorTime();
        var machine = MachineLoad.BusyMs();
        var threads0 = ThreadCpuTimes.Capture();
        var (samples, stopSampling) = ThreadCpuTimes.StartSampling();
        var (pipe, stats) = Pipeline(batch, jobs);
        stopSampling.Dispose();
        List<(string Group, double Ms)> threads;
        lock (samples) threads = samples.Since(threads0);
        var ours = ProcessorTime() - cpu;
        return (pipe with { Cpu = ours, OthersCores = Others(machine, ours, pipe.Elapsed) }, stats, threads);
    }

    private record Result(TimeSpan Elapsed, long Frames, Dictionary<(string Job, string Target, long Frame), BoundingBox> Boxes)
    {
        /// <summary>Processor time of the whole process (all threads) during the run.</summary>
        public TimeSpan Cpu { get; init; }

        /// <summary>Cores that other processes kept busy during the run.</summary>
        public double? OthersCores { get; init; }
    }

    private static TimeSpan ProcessorTime()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    private sealed record SequentialResult(TimeSpan Elapsed, long Frames, Dictionary<(string Job, string Target, long Frame), BoundingBox> Boxes,
        TimeSpan Decode, TimeSpan Init, StepTimes Steps) : Result(Elapsed, Frames, Boxes);

    /// <summary>Totals of the sequential trackers' stages (<see cref="TrackStageTimes"/>).</summary>
    private sealed record StepTimes(TimeSpan Crop, TimeSpan Inference, TimeSpan Decode, int Frames);

    private sealed record VideoMatch(string Job, long Frames, double MeanIou, double MinIou, long Identical, long Compared);

    /// <summary>The job list repeated (ids suffixed -r2, -r3, …) or cut to <paramref name="count"/> streams.</summary>
    private static List<BatchJob> Repeat(IReadOnlyList<BatchJob> list, int count) =>
        Enumerable.Range(0, count).Select(i => list[i % list.Count] is var j && i < list.Count ? j : j with { Id = $"{j.Id}-r{i / list.Count + 1}" }).ToList();

    private static SequentialResult Sequential(SiameseModel model, IReadOnlyList<BatchJob> jobs, BatchOptions options)
    {
        var boxes = new Dictionary<(string, string, long), BoundingBox>();
        using var steps = new TrackStageTimes();
        long decode = 0, init = 0, frames = 0;
        var clock = Stopwatch.StartNew();
        foreach (var job in jobs)
        {
            long last = options.MaxFrames is { } m ? job.FirstFrame + m - 1 : long.MaxValue, jobLast = -1;
            foreach (var target in job.Targets)
            {
                using var tracker = SiameseTracker.Create(model);
                using var source = FrameSource.Open(job.Video, new FrameSourceOptions { StartFrame = target.StartFrame, FramesPerSecond = options.FolderFramesPerSecond });
                while (true)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    var frame = source.ReadNext();
                    decode += Stopwatch.GetTimestamp() - t0;
                    if (frame is null) break;
                    using (frame)
                    {
                        if (frame.Index > last) break;
                        jobLast = Math.Max(jobLast, frame.Index);
                        if (frame.Index == target.StartFrame)
                        {
                            long i0 = Stopwatch.GetTimestamp();
                            tracker.Init(frame, target.Box);
                            init += Stopwatch.GetTimestamp() - i0;
                            boxes[(job.Id, target.Id, frame.Index)] = target.Box;
                        }
                        else
                        {
                            boxes[(job.Id, target.Id, frame.Index)] = tracker.Track(frame).Box;
                        }
                    }
                }
            }
            frames += jobLast - job.FirstFrame + 1;
        }
        return new SequentialResult(clock.Elapsed, frames, boxes, Stopwatch.GetElapsedTime(0, decode), Stopwatch.GetElapsedTime(0, init), new StepTimes(steps.Crop, steps.Inference, steps.Decode, steps.Frames));
    }

    private static (Result Result, BatchStatistics Stats) Pipeline(BatchTracker tracker, IReadOnlyList<BatchJob> jobs, long? stopAfterFrames = null)
    {
        var boxes = new Dictionary<(string, string, long), BoundingBox>();
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        Task.Run(async () =>
        {
            long frames = 0;
            await foreach (var e in tracker.RunAsync(jobs))
            {
                if (e is FrameTracked f)
                {
                    foreach (var r in f.Records) boxes[(r.Source, r.TargetId, r.FrameIndex)] = r.Box;
                    if (++frames == stopAfterFrames) break;
                }
                else if (e is JobFinished { Outcome.Status: JobStatus.Failed } j)
                    failures.Add($"{j.Job.Id}: {j.Outcome.Error}");
            }
        }).GetAwaiter().GetResult();
        var elapsed = clock.Elapsed;
        if (failures.Count > 0) throw new SiameseException("benchmark jobs failed: " + string.Join("; ", failures));
        var stats = tracker.Statistics;
        return (new Result(elapsed, stats.Frames, boxes), stats);
    }

    private static VideoMatch Compare(BatchJob job, Dictionary<(string, string, long), BoundingBox> expected, Dictionary<(string, string, long), BoundingBox> actual)
    {
        var ious = new List<double>();
        long identical = 0;
        foreach (var (key, box) in expected.Where(p => p.Key.Item1 == job.Id))
        {
            double iou = actual.TryGetValue(key, out var b) ? box.IoU(b) : 0;
            ious.Add(iou);
            if (b == box) identical++;
        }
        long frames = expected.Keys.Where(k => k.Item1 == job.Id).Select(k => k.Item3).Distinct().LongCount();
        return new VideoMatch(job.Id, frames, ious.Count == 0 ? 0 : ious.Average(), ious.Count == 0 ? 0 : ious.Min(), identical, ious.Count);
    }

    private static void Report(SiameseModel model, BatchOptions o, List<BatchJob> jobs, List<Round> rounds, Round m,
        List<VideoMatch> videos, string? jsonPath)
    {
        var c = CultureInfo.InvariantCulture;
        var (seq, pipe, st) = (m.Seq, m.Pipe, m.Stats);
        var usage = ResourceUsage.Capture();
        string Share(TimeSpan t, TimeSpan total) => string.Create(c, $"{t.TotalMilliseconds,6:0} ms ({100 * t / total,3:0}%)");
        Console.WriteLine(string.Create(c, $"batch benchmark: {jobs.Count} streams, {model.Pack.Name} on {model.Device}, {Environment.ProcessorCount} cores; " +
            $"pipeline: max-open {o.MaxOpenVideos}, batch {o.MaxBatchSize}, workers {o.InferenceWorkers}, queue {o.FrameQueueDepth}, decoders {o.DecodeThreads}"));
        Console.WriteLine($"  inference: {st.InferenceMode}");
        foreach (var (r, i) in rounds.Select((r, i) => (r, i)))
            Console.WriteLine(string.Create(c, $"  round {i + 1}: sequential {r.SeqFps,6:0.0} frames/s ({r.Seq.Cpu / r.Seq.Elapsed:0.00} cores; others {r.Seq.OthersCores:0.00}), " +
                $"pipeline {r.PipeFps,6:0.0} frames/s ({r.Pipe.Cpu / r.Pipe.Elapsed:0.00} cores; others {r.Pipe.OthersCores:0.00}), ratio {r.Ratio:0.00}"));
        var quiet = rounds.Where(r => r.Seq.OthersCores < QuietOthers && r.Pipe.OthersCores < QuietOthers).Select(r => r.Ratio).Order().ToList();
        Console.WriteLine(quiet.Count == 0
            ? string.Create(c, $"  no round ran on an otherwise idle machine (other processes >= {QuietOthers} cores): the ratio is bounded by the share this process gets")
            : string.Create(c, $"  rounds on an otherwise idle machine (others < {QuietOthers} cores): {quiet.Count}, ratio median {quiet[quiet.Count / 2]:0.00}, range {quiet[0]:0.00}-{quiet[^1]:0.00}"));
        Console.WriteLine(string.Create(c, $"  median round: sequential (single-stream tracker, one stream after another) {seq.Frames} frames in {seq.Elapsed.TotalSeconds:0.00} s = {m.SeqFps:0.0} frames/s"));
        Console.WriteLine(string.Create(c, $"                batch pipeline (all streams together)                      {pipe.Frames} frames in {pipe.Elapsed.TotalSeconds:0.00} s = {m.PipeFps:0.0} frames/s"));
        Console.WriteLine(string.Create(c, $"  speed-up pipeline / sequential: {m.Ratio:0.00}x"));
        Console.WriteLine(string.Create(c, $"  processor time per frame: sequential {seq.Cpu.TotalMilliseconds / seq.Frames:0.000} ms, pipeline {pipe.Cpu.TotalMilliseconds / pipe.Frames:0.000} ms"));
        Console.WriteLine("  sequential time (one thread): decode " + Share(seq.Decode, seq.Elapsed) + ", crop " + Share(seq.Steps.Crop, seq.Elapsed)
            + ", inference " + Share(seq.Steps.Inference, seq.Elapsed) + ", post " + Share(seq.Steps.Decode, seq.Elapsed) + ", init " + Share(seq.Init, seq.Elapsed));
        Console.WriteLine("  pipeline busy time (summed over threads, % of wall): decode " + Share(st.Decode, st.Elapsed) + ", crop " + Share(st.Crop, st.Elapsed)
            + ", inference " + Share(st.Inference, st.Elapsed) + ", box decode " + Share(st.BoxDecode, st.Elapsed) + ", init " + Share(st.TemplateInit, st.Elapsed));
        if (m.Threads.Count > 0)
            Console.WriteLine("  pipeline processor time by thread: " + string.Join(", ", m.Threads.Select(t => string.Create(c, $"{t.Group} {t.Ms:0} ms"))));
        Console.WriteLine(string.Create(c, $"  model calls {st.ModelCalls}, mean batch {st.MeanBatchSize:0.00}, {st.Inference.TotalMilliseconds / Math.Max(1, st.SearchItems):0.000} ms per search item " +
            $"(sequential {seq.Steps.Inference.TotalMilliseconds / Math.Max(1, seq.Steps.Frames):0.000})"));
        foreach (var v in videos)
            Console.WriteLine(string.Create(c, $"  {v.Job,-24} {v.Frames,6} frames  mean IoU {v.MeanIou:0.000000}  min {v.MinIou:0.000000}  identical boxes {v.Identical}/{v.Compared}"));
        Console.WriteLine(string.Create(c, $"  peak working set {usage.PeakWorkingSetBytes / 1048576.0:0} MiB, managed heap {usage.ManagedHeapBytes / 1048576.0:0} MiB, GC {usage.Gen0Collections}/{usage.Gen1Collections}/{usage.Gen2Collections}"));
        if (jsonPath is null) return;
        var doc = new
        {
            streams = jobs.Count, model = model.Pack.Name, cores = Environment.ProcessorCount, inference = st.InferenceMode,
            options = new { o.MaxOpenVideos, o.MaxBatchSize, o.InferenceWorkers, o.FrameQueueDepth, o.DecodeThreads, o.MaxFrames },
            rounds = rounds.Select(r => new { sequential_fps = r.SeqFps, pipeline_fps = r.PipeFps, ratio = r.Ratio,
                sequential_cores_busy = r.Seq.Cpu / r.Seq.Elapsed, pipeline_cores_busy = r.Pipe.Cpu / r.Pipe.Elapsed,
                sequential_others_cores = r.Seq.OthersCores, pipeline_others_cores = r.Pipe.OthersCores }),
            sequential = new { frames = seq.Frames, seconds = seq.Elapsed.TotalSeconds, fps = m.SeqFps, cpu_ms_per_frame = seq.Cpu.TotalMilliseconds / seq.Frames,
                decode_ms = seq.Decode.TotalMilliseconds, crop_ms = seq.Steps.Crop.TotalMilliseconds, inference_ms = seq.Steps.Inference.TotalMilliseconds,
                post_ms = seq.Steps.Decode.TotalMilliseconds, init_ms = seq.Init.TotalMilliseconds },
            pipeline = new { frames = pipe.Frames, seconds = pipe.Elapsed.TotalSeconds, fps = m.PipeFps, cpu_ms_per_frame = pipe.Cpu.TotalMilliseconds / pipe.Frames,
                decode_ms = st.Decode.TotalMilliseconds, crop_ms = st.Crop.TotalMilliseconds, inference_ms = st.Inference.TotalMilliseconds,
                box_decode_ms = st.BoxDecode.TotalMilliseconds, init_ms = st.TemplateInit.TotalMilliseconds, model_calls = st.ModelCalls,
                mean_batch = st.MeanBatchSize, cpu_by_thread_ms = m.Threads.ToDictionary(t => t.Group, t => t.Ms) },
            speedup = m.Ratio,
            quiet_rounds_ratios = quiet,
            videos = videos.Select(v => new { job = v.Job, frames = v.Frames, mean_iou = v.MeanIou, min_iou = v.MinIou, identical = v.Identical, compared = v.Compared }),
            peak_working_set_mib = usage.PeakWorkingSetBytes / 1048576.0,
        };
        MLNet.Siamese.Output.AtomicFile.WriteAllText(jsonPath, JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
