using System.Text.Json;

namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>
/// Writes the summary as JSON: protocol, dataset, measure definitions, scoring options, and per tracker its overall
/// scores with their curves (OTB: success, precision and both normalised-precision curves with their thresholds;
/// GOT-10k: success curve; VOT: expected-overlap curve) and per-sequence scores; then the warnings.
/// </summary>
public static class JsonReportWriter
{
    /// <summary>The JSON text of <paramref name="report"/>.</summary>
    public static string Format(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var columns = ScoreColumn.For(report.Protocol);
        var options = new Dictionary<string, object> { ["invalid_frames"] = report.Options.InvalidFrames.ToString().ToLowerInvariant() };
        if (report.Protocol == EvaluationProtocol.Vot)
        {
            options["eao_low"] = report.Options.EaoLow;
            options["eao_high"] = report.Options.EaoHigh;
        }
        var doc = new ReportDocument(ReportFormat.Name(report.Protocol), report.Dataset,
            columns.ToDictionary(c => c.Key, c => c.Definition), options, report.SequenceNames.ToList(),
            report.Trackers.Select(t => Tracker(t, columns)).ToList(), report.Warnings.ToList());
        return JsonSerializer.Serialize(doc, ReportJsonContext.Default.ReportDocument) + "\n";
    }

    private static TrackerDocument Tracker(TrackerScore t, IReadOnlyList<ScoreColumn> columns)
    {
        var overall = new Dictionary<string, object?> { ["frames"] = t.Sequences.Sum(s => s.Frames) };
        foreach (var c in columns) overall[c.Key] = Finite(c.OfTracker(t));
        if (t.OnePass is { } o)
        {
            overall["success_curve"] = Curve(OtbMetrics.IouThresholds, o.SuccessCurve);
            overall["precision_curve"] = Curve(OtbMetrics.PixelThresholds, o.PrecisionCurve);
            overall["norm_precision_pysot_curve"] = Curve(OtbMetrics.PysotNormalizedThresholds, o.NormalizedPrecisionPysotCurve);
            overall["norm_precision_got10k_curve"] = Curve(OtbMetrics.Got10kNormalizedThresholds, o.NormalizedPrecisionGot10kCurve);
        }
        if (t.Got10k is { } g) overall["success_curve"] = Curve(Got10kScores.Thresholds, g.SuccessCurve);
        if (t.Vot is { } v) overall["expected_overlap_curve"] = Curve(Enumerable.Range(0, v.ExpectedOverlapCurve.Count).Select(i => (double)i).ToList(), v.ExpectedOverlapCurve);
        var sequences = t.Sequences.Select(s =>
        {
            var d = new Dictionary<string, object?> { ["name"] = s.Sequence, ["frames"] = s.Frames };
            foreach (var c in columns.Where(c => c.OfSequence(s) is not null)) d[c.Key] = Finite(c.OfSequence(s));
            d["fps"] = Finite(s.FramesPerSecond);
            return d;
        }).ToList();
        return new TrackerDocument(t.Tracker, Finite(t.FramesPerSecond), overall, sequences);
    }

    private static CurveDocument Curve(IReadOnlyList<double> thresholds, IReadOnlyList<double> values) =>
        new(thresholds, values.Select(v => Finite(v)).ToList());

    /// <summary>JSON has no NaN or infinity: such a value is written as null.</summary>
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
