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
        var jobs = new Option<string>("--jobs", "-j") { Description = "Job list: .csv (video,target,start_frame,x,y,w,h per row) or .json", Required = true };
        var model = CommonOptions.Model();
        var output = new Option<string?>("--out", "-o") { Description = "Output folder (videos/<job>.csv|.json, tracks.csv, tracks.jsonl, summary.json)" };
        var resume = new Option<bool>("--resume") { Description = "Skip jobs an earlier run into --out already completed" };
        var render = new Option<bool>("--render") { Description = "Also write annotated videos to <out>/annotated/<job>.mp4" };
        var device = CommonOptions.Device();
        var noFallback = CommonOptions.NoCpuFallback();
        var threads = CommonOptions.Threads();
        var maxOpen = Positive("--max-open", "Videos decoded and tracked at once (bounds memory)", 8);
        var batch = Positive("--batch", "Most search crops per model call", 8);
        var workers = Positive("--workers", "Inference worker threads", new BatchOptions().InferenceWorkers);
        var queue = Positive("--queue", "Decoded frames each open video may buffer", 3);
        var decoders = Positive("--decoders", "Videos decoding a frame at the same moment", Environment.ProcessorCount);
        var batching = new Option<BatchInferenceMode>("--batching")
        {
            Description = "auto: batched model calls on CUDA when the graphs take a batch and match per-item calls bit for bit, per-item calls on the CPU; on: batched calls; off: per-item calls",
            HelpName = "auto|on|off",
            DefaultValueFactory = _ => BatchInferenceMode.Auto,
            CustomParser = r => r.Tokens.Single().Value.ToLowerInvariant() switch
            {
                "auto" => BatchInferenceMode.Auto,
                "on" => BatchInferenceMode.Batched,
                "off" => BatchInferenceMode.PerItem,
                var v => Error(r, $"--batching: '{v}' is not auto, on or off"),
            },
        };
        var maxFrames = CommonOptions.MaxFrames();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on stderr (the summary line and failures are still printed)" };
        var bench = new Option<bool>("--bench") { Description = "Benchmark: the same streams tracked one after another, then through the pipeline; prints fps, ratio, stage times, IoU" };
        var streams = new Option<int?>("--streams") { Description = "With --bench: repeat the job list to this many streams" };
        var json = new Option<string?>("--json") { Description = "With --bench: also write the figures as JSON to this file" };
        var rounds = Positive("--rounds", "With --bench: rounds of both modes (the median is reported)", 3);

        var command = new Command("batch", "Track the targets of a job list of videos through the batched pipeline")
        {
            jobs, model, output, resume, render, device, noFallback, threads, maxOpen, batch, workers, queue, decoders, batching, maxFrames, quiet, bench, streams, rounds, json,
        };
        command.Validators.Add(r =>
        {
            if (!r.GetValue(bench) && r.GetValue(output) is null) r.AddError("--out is required (unless --bench)");
            if (r.GetValue(streams) is < 1) r.AddError("--streams must be >= 1");
        });
        command.SetAction(r => CliRunner.Run(() =>
        {
            var inference = new InferenceOptions { Device = r.GetValue(device), FallbackToCpu = !r.GetValue(noFallback), IntraOpThreads = r.GetValue(threads) };
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

    private static Option<int> Positive(string name, string description, int defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        Validators = { r => { if (r.GetValueOrDefault<int>() < 1) r.AddError($"{name} must be >= 1"); } },
    };

    private static BatchInferenceMode Error(System.CommandLine.Parsing.ArgumentResult r, string message)
    {
        r.AddError(message);
        return BatchInferenceMode.Auto;
    }
}
