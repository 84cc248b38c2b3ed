using System.CommandLine;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Output;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Cli.Commands;

/// <summary><c>siamese track</c>: one target through one video or frame folder.</summary>
internal static class TrackCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model();
        var input = CommonOptions.Input();
        var box = CommonOptions.Box();
        var output = OptionFactory.OptionalPath("--output", "Per-frame boxes and scores: .csv, .json, .jsonl, .txt (OTB) or .parquet (typed columns); default: CSV on stdout", "-o");
        var render = OptionFactory.OptionalPath("--render", "Write an annotated video (e.g. out.mp4, MPEG-4; .avi: Motion JPEG)");
        var device = CommonOptions.Device();
        var noFallback = CommonOptions.NoCpuFallback();
        var threads = CommonOptions.Threads();
        var start = CommonOptions.StartFrame();
        var max = CommonOptions.MaxFrames();
        var quiet = OptionFactory.Flag("--quiet", "No progress or summary on stderr", "-q");
        var reconnect = OptionFactory.Int("--reconnect", "Camera or stream input: times to reopen it after it ends or stalls, 0..1000", 0, 0, 1000);
        var stall = OptionFactory.Int("--stall-timeout", "Camera or stream input: seconds without a frame before it counts as stalled, 1..3600", 5, 1, 3600);

        var command = new Command("track", "Track one object through a video, an image folder, a camera (--input 0) or a stream (rtsp://, http://, udp://)")
        {
            model, input, box, output, render, device, noFallback, threads, start, max, quiet, reconnect, stall,
        };
        command.SetAction(r => CliRunner.Run(() => Run(new TrackRequest(
            r.GetValue(model)!, r.GetValue(input)!, r.GetValue(box), r.GetValue(output), r.GetValue(render),
            r.GetValue(device), r.GetValue(noFallback), r.GetValue(threads), r.GetValue(start), r.GetValue(max), r.GetValue(quiet),
            r.GetValue(reconnect), r.GetValue(stall)))));
        return command;
    }

    private sealed record TrackRequest(string Model, string Input, BoundingBox Box, string? Output, string? Render,
        ExecutionDevice Device, bool NoCpuFallback, int Threads, int StartFrame, int? MaxFrames, bool Quiet, int Reconnect, int StallSeconds);

    /// <summary>
    /// Tracks with SIGINT/SIGTERM handled: an interrupted run writes no output file (an existing one is left as it
    /// was) and exits with 130 (SIGINT) or 143 (SIGTERM).
    /// </summary>
    private static int Run(TrackRequest q)
    {
        using var interrupt = Interruption.Listen("interrupted: stopping; no output file is written");
        try
        {
            return Track(q, interrupt.Token);
        }
        catch (Exception) when (interrupt.Requested)
        {
            // Whatever the interruption broke on its way out (a stream being read, ...): outputs were discarded.
            return interrupt.ExitCode;
        }
    }

    private static int Track(TrackRequest q, CancellationToken cancellation)
    {
        var inference = new InferenceOptions { Device = q.Device, FallbackToCpu = !q.NoCpuFallback, IntraOpThreads = q.Threads, Logger = CliLogging.Logger };
        using var tracker = CliRunner.Load(inference, () => SiameseTracker.Create(q.Model, inference));
        using var source = FrameSource.Open(q.Input, new FrameSourceOptions { StartFrame = q.StartFrame },
            new LiveSourceOptions { Reconnects = q.Reconnect, StallTimeout = TimeSpan.FromSeconds(q.StallSeconds) });
        var live = source as LiveFrameSource;
        // A live source's results are written in place and flushed per frame, so another program can follow them.
        using var writer = q.Output is null ? TrackWriter.CreateStandardOutput()
            : live is not null ? TrackWriter.CreateLive(q.Output, tracker.Pack.Name) : TrackWriter.Create(q.Output, tracker.Pack.Name);
        var liveStats = live is null ? null : new LiveStatistics();
        using var video = q.Render is null ? null
            : new AnnotatedVideo(q.Render, source.Width, source.Height, source.FramesPerSecond ?? 30, thickness: 3);
        var boxes = new TrackRecord?[1];

        long? total = source.FrameCount is { } n ? Math.Max(0, n - q.StartFrame) : null;
        if (q.MaxFrames is { } m) total = total is null ? m : Math.Min(total.Value, m);
        var progress = new ProgressLine(total, enabled: !q.Quiet);
        string sourceName = source.Path;
        long count = 0;
        float scoreSum = 0;
        long lost = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        cancellation.ThrowIfCancellationRequested();
        foreach (var (frame, record) in SourceTracking.Run(tracker, source, q.Box, "0", q.StartFrame, q.MaxFrames))
        {
            cancellation.ThrowIfCancellationRequested();
            if (record.Status != TrackStatus.Init) scoreSum += record.Score;
            if (record.Status == TrackStatus.Lost) lost++;
            writer.Write(record);
            if (live is not null) liveStats!.Add(live);
            if (video is not null)
            {
                boxes[0] = record;
                video.Write(frame, boxes);
            }
            count++;
            progress.Report(count);
        }
        progress.Finish();
        cancellation.ThrowIfCancellationRequested();
        video?.Commit();
        writer.Commit();
        if (live is not null)
        {
            Console.Error.WriteLine(liveStats!.Summary(live, count));
            if (live.Stalled)
            {
                Console.Error.WriteLine($"error: {live.Path}: the stream stalled (no frame for {q.StallSeconds} s); the {count} frames tracked were written");
                return CliRunner.Failure;
            }
        }
        if (!q.Quiet)
        {
            double fps = count / clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"tracked {count} frames of {sourceName} with {tracker.Pack.Name} on {tracker.Device} " +
                                    $"({fps:0.0} frames/s incl. decode; mean score {(count > 1 ? scoreSum / (count - 1) : 0):0.000}" +
                                    (lost > 0 ? $"; target lost on {lost} frames)" : ")") +
                                    (q.Output is null ? "" : $" -> {q.Output}") + (q.Render is null ? "" : $", video -> {q.Render}"));
        }
        return CliRunner.Success;
    }
}
