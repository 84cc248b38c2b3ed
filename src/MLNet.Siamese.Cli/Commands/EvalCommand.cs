using System.CommandLine;
using System.CommandLine.Parsing;
using MLNet.Siamese.Cli.Evaluation;
using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Evaluation.Running;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// <c>siamese eval</c>: run trackers over a benchmark (or take existing result files) and write per-sequence results,
/// JSON/CSV/Markdown summaries and SVG plots.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--model", "-m")
        {
            Description = "Model pack folder(s) to run (repeat, or list several after one --model)",
            AllowMultipleArgumentsPerToken = true,
        };
        var results = new Option<string?>("--results") { Description = "Score existing result files instead: a tracker folder or a folder of tracker folders" };
        var dataset = new Option<string>("--dataset", "-d") { Description = "Folder of sequences (OTB, UAV123, VOT, GOT-10k, LaSOT layouts, detected per sequence)", Required = true };
        var protocol = new Option<EvaluationProtocol>("--protocol") { Description = "otb (success/precision), got10k (AO/SR) or vot (reset-based A/R/EAO)", DefaultValueFactory = _ => EvaluationProtocol.Otb };
        var output = new Option<string>("--out", "-o") { Description = "Output folder: results/<tracker>/…, summary.json/.csv/.md and SVG plots", Required = true };
        var sequences = new Option<string[]>("--sequences") { Description = "Only these sequences (comma-separated or repeated)", AllowMultipleArgumentsPerToken = true };
        var parallel = new Option<int>("--parallel")
        {
            Description = "Sequences run at the same time (default: number of cores)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
            Validators = { r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--parallel must be >= 1"); } },
        };
        var resume = new Option<bool>("--resume") { Description = "Skip sequences whose result files already exist in --out" };
        var init = new Option<InitConvention>("--init") { Description = "Initial box from the ground truth: pysot ([x+0.5, y+0.5, w, h], as pysot test scripts) or raw", DefaultValueFactory = _ => InitConvention.Pysot };
        var invalid = new Option<InvalidFrameRule>("--invalid-frames") { Description = "OTB frames with invalid ground truth: got10k (misses) or pysot (IoU -1, precision hit)", DefaultValueFactory = _ => InvalidFrameRule.Got10k };
        var eao = new Option<(int, int)>("--eao-range")
        {
            Description = "VOT EAO curve range low,high (VOT2016 108,371; VOT2018 100,356; VOT2019 46,291)",
            DefaultValueFactory = _ => VotMetrics.Vot2018Range,
            CustomParser = ParseRange,
        };
        var device = CommonOptions.Device();
        var noFallback = CommonOptions.NoCpuFallback();
        var threads = CommonOptions.Threads();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress or messages on stderr (warnings still shown)" };
        var command = new Command("eval", "Evaluate trackers on a benchmark: results, summaries (JSON, CSV, Markdown) and SVG plots")
        {
            models, results, dataset, protocol, output, sequences, parallel, resume, init, invalid, eao, device, noFallback, threads, quiet,
        };
        command.Validators.Add(r =>
        {
            bool hasModels = r.GetValue(models) is { Length: > 0 }, hasResults = r.GetValue(results) is not null;
            if (hasModels == hasResults) r.AddError("give either --model (run trackers) or --results (score existing result files), not both");
            if (hasResults && r.GetValue(resume)) r.AddError("--resume applies to running trackers, not to --results");
        });
        command.SetAction(r => CliRunner.Run(() => EvalSession.Run(new EvalRequest(
            r.GetValue(models) ?? [], r.GetValue(results), r.GetValue(dataset)!, r.GetValue(protocol), r.GetValue(output)!,
            (r.GetValue(sequences) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
            r.GetValue(parallel), r.GetValue(resume), r.GetValue(init), r.GetValue(invalid), r.GetValue(eao),
            r.GetValue(device), r.GetValue(noFallback), r.GetValue(threads), r.GetValue(quiet)))));
        return command;
    }

    private static (int, int) ParseRange(ArgumentResult r)
    {
        var parts = string.Join(',', r.Tokens.Select(t => t.Value)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], out int low) && int.TryParse(parts[1], out int high) && low >= 1 && high >= low)
            return (low, high);
        r.AddError($"--eao-range: expected low,high with 1 <= low <= high, got '{string.Join(' ', r.Tokens.Select(t => t.Value))}'");
        return VotMetrics.Vot2018Range;
    }
}
