using System.CommandLine;
using MLNet.Siamese.Batch;
using MLNet.Siamese.Inference;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// <c>siamese batch</c>: a job list through the batch pipeline into an output folder (per-video tables, combined
/// tables, summary); <c>--bench</c> instead compares the pipeline with single-stream tracking in one run.
/// Exit codes: 0 every job completed (or was already complete), 1 a job failed or the run could not start,
/// 2 usage error, 130 (SIGINT) or 143 (SIGTERM) interrupted (completed jobs are kept; rerun with <c>--resume</c>).
/// </summary>
internal static class BatchCommand
{
    public static Command Create()
    {
        var jobs = OptionFactory.Path("--jobs", "Job list: .csv (video,target,start_frame,x,y,w,h per row) or .json", true, "-j");
        var model = CommonOptions.Model();
        var output = OptionFactory.OptionalPath("--out", "Output folder (videos/<job>.csv|.json, tracks.csv, tracks.jsonl, summary.json)", "-o");
        var resume = OptionFactory.Flag("--resume", "Skip jobs an earlier run into --out already completed");
        var render = OptionFactory.Flag("--render", "Also write annotated videos to <out>/annotated/<job>.mp4");
        var device = CommonOptions.Device();
        var noFallback = CommonOptions.NoCpuFallback();
        var threads = CommonOptions.Threads();
        // Bounds: thread counts as --threads (4 per processor); sizes well past any useful value, so memory stays bounded.
        var maxOpen = OptionFactory.Int("--max-open", "Videos decoded and tracked at once (bounds memory), 1..1024", 8, 1, 1024);
        var batch = OptionFactory.Int("--batch", "Most search crops per model call, 1..256", 8, 1, 256);
        var workers = OptionFactory.Int("--workers", $"Inference worker threads, 1..{CommonOptions.MaxThreads} (4 per processor)",
            new BatchOptions().InferenceWorkers, 1, CommonOptions.MaxThreads);
        var queue = OptionFactory.Int("--queue", "Decoded frames each open video may buffer, 1..64", 3, 1, 64);
        var decoders = OptionFactory.Int("--decoders", $"Videos decoding a frame at the same moment, 1..{CommonOptions.MaxThreads} (4 per processor)",
            Environment.ProcessorCount, 1, CommonOptions.MaxThreads);
        var batching = OptionFactory.Choice("--batching",
            "auto: batched model calls on CUDA when the graphs take a batch and match per-item calls bit for bit, per-item calls on the CPU; on: batched calls; off: per-item calls",
            BatchInferenceMode.Auto, ("auto", BatchInferenceMode.Auto), ("on", BatchInferenceMode.Batched), ("off", BatchInferenceMode.PerItem));
        var maxFrames = CommonOptions.MaxFrames();
        var quiet = OptionFactory.Flag("--quiet", "No progress on stderr (the summary line and failures are still printed)", "-q");
        var bench = OptionFactory.Flag("--bench", "Benchmark: the same streams tracked one after another, then through the pipeline; prints fps, ratio, stage times, IoU");
        var streams = OptionFactory.OptionalInt("--streams", "With --bench: repeat the job list to this many streams, 1..1024", 1, 1024);
        var json = OptionFactory.OptionalPath("--json", "With --bench: also write the figures as JSON to this file");
        var rounds = OptionFactory.Int("--rounds", "With --bench: rounds of both modes (the median is reported), 1..100", 3, 1, 100);

        var command = new Command("batch", "Track the targets of a job list of videos through the batched pipeline")
        {
            jobs, model, output, resume, render, device, noFallback, threads, maxOpen, batch, workers, queue, decoders, batching, maxFrames, quiet, bench, streams, rounds, json,
        };
        command.Validators.Add(r =>
        {
            if (!r.GetValue(bench) && r.GetResult(output) is null) r.AddError("--out is required (unless --bench)");
        });
        command.SetAction(r => CliRunner.Run(() =>
        {
            var inference = new InferenceOptions { Device = r.GetValue(device), FallbackToCpu = !r.GetValue(noFallback), IntraOpThreads = r.GetValue(threads), Logger = CliLogging.Logger };
            var options = new BatchOptions
            {
                MaxOpenVideos = r.GetValue(maxOpen),
                MaxBatchSize = r.GetValue(batch),
                InferenceWorkers = r.GetValue(workers),
                FrameQueueDepth = r.GetValue(queue),
                DecodeThreads = r.GetValue(decoders),
                Inference = r.GetValue(batching),
                MaxFrames = r.GetValue(maxFrames),
            };
            var list = JobList.Load(r.GetValue(jobs)!);
            if (r.GetValue(bench))
                return BatchBench.Run(r.GetValue(model)!, inference, options, list, r.GetValue(streams), r.GetValue(rounds), r.GetValue(json));
            string outDir = r.GetValue(output)!;
            if (r.GetValue(render)) options = options with { AnnotatedVideoDirectory = Path.Combine(outDir, "annotated") };
            return Run(r.GetValue(model)!, inference, options, list, outDir, r.GetValue(resume), r.GetValue(quiet));
        }));
        return command;
    }

    private static int Run(string model, InferenceOptions inference, BatchOptions options, IReadOnlyList<BatchJob> jobs,
        string outDir, bool resume, bool quiet)
    {
        // The first SIGINT/SIGTERM stops cleanly (completed jobs are kept); a second one ends the process at once.
        using var interrupt = Interruption.Listen("interrupted: finishing the current frames, keeping completed jobs...");
        using var tracker = CliRunner.Load(inference, () => BatchTracker.Create(model, inference, options));
        var display = BatchProgressDisplay.Create(jobs, quiet);
        var summary = display.Run(progress =>
            new BatchRunner(tracker, new BatchRunOptions { OutputDirectory = outDir, Resume = resume, Progress = progress })
                .RunAsync(jobs, interrupt.Token));
        BatchSummaryText.Print(summary, Path.GetFullPath(outDir));
        if (summary.Interrupted) return interrupt.ExitCode;
        return summary.Failed > 0 || summary.Cancelled > 0 ? CliRunner.Failure : CliRunner.Success;
    }
}
