using MLNet.Siamese.Cli.Commands;
using System.Globalization;
using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Evaluation.Datasets;
using MLNet.Siamese.Evaluation.Reports;
using MLNet.Siamese.Evaluation.Results;
using MLNet.Siamese.Evaluation.Running;
using MLNet.Siamese.Inference;

namespace MLNet.Siamese.Cli.Evaluation;

/// <summary>
/// Carries out <c>siamese eval</c>: opens the dataset, either runs the trackers (results under
/// <c>&lt;out&gt;/results/&lt;tracker&gt;/</c>) or takes existing result folders, scores them and writes the reports.
/// </summary>
internal static class EvalSession
{
    public static int Run(EvalRequest q)
    {
        var dataset = Dataset.Open(q.Dataset, q.Sequences);
        var options = new ScoringOptions { Protocol = q.Protocol, InvalidFrames = q.InvalidFrames, EaoLow = q.EaoRange.Low, EaoHigh = q.EaoRange.High };
        var folders = q.Results is not null
            ? TrackerFolder.Discover(q.Results, q.Protocol, dataset.Sequences.Select(s => s.Name).ToList())
            : RunTrackers(q, dataset);
        var report = ReportScorer.Score(dataset, folders, options);
        foreach (var w in report.Warnings) Console.Error.WriteLine("warning: " + w);
        var files = ReportWriter.WriteAll(report, q.Out);
        PrintSummary(report);
        if (!q.Quiet) Console.Error.WriteLine($"wrote {string.Join(", ", files.Select(Path.GetFileName))} to {Path.GetFullPath(q.Out)}");
        return Commands.CliRunner.Success;
    }

    private static IReadOnlyList<TrackerFolder> RunTrackers(EvalRequest q, Dataset dataset)
    {
        var options = new EvaluationRunOptions
        {
            Protocol = q.Protocol,
            Init = q.Init,
            Parallelism = q.Parallelism,
            Resume = q.Resume,
            Inference = new InferenceOptions { Device = q.Device, FallbackToCpu = !q.NoCpuFallback, IntraOpThreads = q.Threads, Logger = CliLogging.Logger },
        };
        using var runner = Commands.CliRunner.Load(options.Inference,
            () => new EvaluationRunner(q.Models, dataset, Path.Combine(q.Out, "results"), options));
        if (!q.Quiet)
            Console.Error.WriteLine($"eval: {runner.Progress.Count} tracker(s) x {dataset.Sequences.Count} sequence(s), " +
                                    $"{dataset.Sequences.Sum(s => s.Length)} frames each, {q.Parallelism} in parallel, protocol {q.Protocol.ToString().ToLowerInvariant()}");
        var folders = EvalProgressDisplay.Run(runner.Progress, q.Quiet, () => runner.Run());
        if (!q.Quiet)
            foreach (var p in runner.Progress.Where(p => p.SequencesSkipped > 0))
                Console.Error.WriteLine($"eval: {p.Name}: {p.SequencesSkipped} sequence(s) skipped (--resume: results exist)");
        return folders;
    }

    private static void PrintSummary(EvaluationReport report)
    {
        var columns = ScoreColumn.For(report.Protocol);
        int width = Math.Max(8, report.Trackers.Max(t => t.Tracker.Length));
        Console.WriteLine("tracker".PadRight(width) + string.Concat(columns.Select(c => "  " + c.Header.PadLeft(Math.Max(6, c.Header.Length)))) + "  frames/s");
        foreach (var t in report.Trackers)
        {
            var cells = columns.Select(c => "  " + Format(c, c.OfTracker(t)).PadLeft(Math.Max(6, c.Header.Length)));
            string fps = t.FramesPerSecond is { } f ? f.ToString("F1", CultureInfo.InvariantCulture) : "";
            Console.WriteLine(t.Tracker.PadRight(width) + string.Concat(cells) + "  " + fps.PadLeft(8));
        }
    }

    private static string Format(ScoreColumn column, double? value) => value is not { } v ? "-"
        : column.Key == "failures" ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("F3", CultureInfo.InvariantCulture);
}
