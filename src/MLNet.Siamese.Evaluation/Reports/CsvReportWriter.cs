using System.Text;

namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>
/// Writes the summary as CSV: one row per tracker and sequence, then one row per tracker with sequence <c>mean</c>
/// (the dataset-level score: curves averaged over sequences for OTB, frames pooled for GOT-10k and VOT).
/// </summary>
public static class CsvReportWriter
{
    /// <summary>The CSV text of <paramref name="report"/>.</summary>
    public static string Format(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var columns = ScoreColumn.For(report.Protocol);
        var text = new StringBuilder();
        text.Append("tracker,sequence,frames,").AppendJoin(',', columns.Select(c => c.Key)).Append(",fps\n");
        foreach (var t in report.Trackers)
        {
            foreach (var s in t.Sequences)
                Row(text, t.Tracker, s.Sequence, s.Frames, columns.Select(c => c.OfSequence(s)), s.FramesPerSecond);
            Row(text, t.Tracker, "mean", t.Sequences.Sum(s => s.Frames), columns.Select(c => c.OfTracker(t)), t.FramesPerSecond);
        }
        return text.ToString();
    }

    private static void Row(StringBuilder text, string tracker, string sequence, int frames, IEnumerable<double?> values, double? fps) =>
        text.Append(Quote(tracker)).Append(',').Append(Quote(sequence)).Append(',').Append(frames).Append(',')
            .AppendJoin(',', values.Select(v => v is { } d ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : ""))
            .Append(',').Append(ReportFormat.Speed(fps)).Append('\n');

    private static string Quote(string s) => Output.CsvField.Quote(s);
}
