using System.Text;

namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>
/// Writes the summary as Markdown: an overall table (one row per tracker, every measure), a per-sequence table of the
/// headline pair (OTB: <c>AUC / precision</c>, GOT-10k: <c>AO / SR0.5</c>, VOT: <c>accuracy / failures</c>), the
/// definitions of the measures, and the warnings.
/// </summary>
public static class MarkdownReportWriter
{
    /// <summary>The Markdown text of <paramref name="report"/>.</summary>
    public static string Format(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var columns = ScoreColumn.For(report.Protocol);
        var md = new StringBuilder();
        md.Append($"# {ReportFormat.Name(report.Protocol).ToUpperInvariant()} evaluation of {report.Trackers.Count} tracker(s) on {report.SequenceNames.Count} sequence(s)\n\n");
        md.Append($"Dataset: `{report.Dataset}`\n\n");
        md.Append("| tracker | ").AppendJoin(" | ", columns.Select(c => c.Header)).Append(" | frames/s |\n");
        md.Append("|---|").Append(string.Concat(columns.Select(_ => "---|"))).Append("---|\n");
        foreach (var t in report.Trackers)
            md.Append($"| {t.Tracker} | ").AppendJoin(" | ", columns.Select(c => Value(c.OfTracker(t), c)))
              .Append($" | {ReportFormat.Speed(t.FramesPerSecond)} |\n");

        var (first, second) = (columns[0], columns[report.Protocol == EvaluationProtocol.Vot ? 2 : 1]);
        md.Append($"\n## Per sequence ({first.Header} / {second.Header})\n\n");
        md.Append("| sequence | frames | ").AppendJoin(" | ", report.Trackers.Select(t => t.Tracker)).Append(" |\n");
        md.Append("|---|---|").Append(string.Concat(report.Trackers.Select(_ => "---|"))).Append('\n');
        for (int i = 0; i < report.SequenceNames.Count; i++)
        {
            int frames = report.Trackers.Count > 0 ? report.Trackers[0].Sequences[i].Frames : 0;
            md.Append($"| {report.SequenceNames[i]} | {frames} | ")
              .AppendJoin(" | ", report.Trackers.Select(t => Pair(first, second, t.Sequences[i]))).Append(" |\n");
        }
        md.Append("| **overall** |  | ")
          .AppendJoin(" | ", report.Trackers.Select(t => $"**{Value(first.OfTracker(t), first)} / {Value(second.OfTracker(t), second)}**")).Append(" |\n");

        md.Append("\n## Definitions\n\n");
        foreach (var c in columns) md.Append($"- **{c.Header}** (`{c.Key}`): {c.Definition}.\n");
        if (report.Protocol == EvaluationProtocol.Otb)
            md.Append($"- Invalid ground-truth frames: {report.Options.InvalidFrames} rule. Overall OTB scores average the curves over sequences.\n");
        if (report.Protocol == EvaluationProtocol.Vot)
            md.Append($"- EAO range: curve indices [{report.Options.EaoLow}, {report.Options.EaoHigh}] (frames after the initialisation).\n");
        if (report.Warnings.Count > 0)
        {
            md.Append("\n## Warnings\n\n");
            foreach (var w in report.Warnings) md.Append($"- {w}\n");
        }
        return md.ToString();
    }

    private static string Pair(ScoreColumn first, ScoreColumn second, SequenceScore s) =>
        $"{Value(first.OfSequence(s), first)} / {Value(second.OfSequence(s), second)}";

    private static string Value(double? v, ScoreColumn column) =>
        column.Key == "failures" ? (v is { } d ? d.ToString("0", System.Globalization.CultureInfo.InvariantCulture) : "") : ReportFormat.Score(v);
}
