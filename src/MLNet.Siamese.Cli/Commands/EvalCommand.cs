using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
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
        var models = OptionFactory.Paths("--model", "Model pack folder(s) to run (repeat, or list several after one --model)", false, "-m");
        var results = OptionFactory.OptionalPath("--results", "Score existing result files instead: a tracker folder or a folder of tracker folders");
        var dataset = OptionFactory.Path("--dataset", "Folder of sequences (OTB, UAV123, VOT, GOT-10k, LaSOT layouts, detected per sequence)", true, "-d");
        var protocol = OptionFactory.Choice("--protocol", "otb (success/precision), got10k (AO/SR) or vot (reset-based A/R/EAO)",
            EvaluationProtocol.Otb, ("otb", EvaluationProtocol.Otb), ("got10k", EvaluationProtocol.Got10k), ("vot", EvaluationProtocol.Vot));
        var output = OptionFactory.Path("--out", "Output folder: results/<tracker>/…, summary.json/.csv/.md and SVG plots", true, "-o");
        var sequences = new Option<string[]>("--sequences") { Description = "Only these sequences (comma-separated or repeated)", AllowMultipleArgumentsPerToken = true };
        var parallel = OptionFactory.Int("--parallel", $"Sequences run at the same time, 1..{CommonOptions.MaxThreads} (4 per processor; default: number of cores)",
            Environment.ProcessorCount, 1, CommonOptions.MaxThreads);
        var resume = OptionFactory.Flag("--resume", "Skip sequences whose result files already exist in --out");
        var init = OptionFactory.Choice("--init",
            "Box convention of the reference to reproduce: pysot (init [x+0.5, y+0.5, w, h], boxes reported [cx-w/2, cy-h/2, w, h], as pysot test scripts: NanoTrack, SiamRPN++, SiamBAN), siamfc (1-based boxes, as siamfc-pytorch: SiamFC, FDSiamFC) or raw (the library's 0-based boxes)",
            InitConvention.Pysot, ("pysot", InitConvention.Pysot), ("siamfc", InitConvention.SiamFc), ("raw", InitConvention.Raw));
        var invalid = OptionFactory.Choice("--invalid-frames", "OTB frames with invalid ground truth: got10k (misses) or pysot (IoU -1, precision hit)",
            InvalidFrameRule.Got10k, ("got10k", InvalidFrameRule.Got10k), ("pysot", InvalidFrameRule.Pysot));
        var eao = new Option<(int, int)>("--eao-range")
        {
            Description = $"VOT EAO curve range low,high with 1 <= low <= high <= {MaxEaoHigh} (VOT2016 108,371; VOT2018 100,356; VOT2019 46,291)",
            DefaultValueFactory = _ => VotMetrics.Vot2018Range,
            CustomParser = ParseRange,
        };
        var device = CommonOptions.Device();
        var noFallback = CommonOptions.NoCpuFallback();
        var threads = CommonOptions.Threads();
        var quiet = OptionFactory.Flag("--quiet", "No progress or messages on stderr (warnings still shown)", "-q");
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

    /// <summary>Longest EAO curve: frames after an initialisation (long-term sequences reach a few thousand).</summary>
    private const int MaxEaoHigh = 100_000;

    private static (int, int) ParseRange(ArgumentResult r)
    {
        string text = string.Join(',', r.Tokens.Select(t => t.Value));
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int low)
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int high) && low >= 1 && high >= low && high <= MaxEaoHigh)
            return (low, high);
        r.AddError($"--eao-range: expected low,high with 1 <= low <= high <= {MaxEaoHigh}, got {OptionFactory.Echo(text)}");
        return VotMetrics.Vot2018Range;
    }
}
