using System.Text;
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
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("protocol", ReportFormat.Name(report.Protocol));
            w.WriteString("dataset", report.Dataset);
            w.WriteStartObject("definitions");
            foreach (var c in columns) w.WriteString(c.Key, c.Definition);
            w.WriteEndObject();
            w.WriteStartObject("options");
            w.WriteString("invalid_frames", report.Options.InvalidFrames.ToString().ToLowerInvariant());
            if (report.Protocol == EvaluationProtocol.Vot)
            {
                w.WriteNumber("eao_low", report.Options.EaoLow);
                w.WriteNumber("eao_high", report.Options.EaoHigh);
            }
            w.WriteEndObject();
            Strings(w, "sequences", report.SequenceNames);
            w.WriteStartArray("trackers");
            foreach (var t in report.Trackers) Tracker(w, t, columns);
            w.WriteEndArray();
            Strings(w, "warnings", report.Warnings);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Tracker(Utf8JsonWriter w, TrackerScore t, IReadOnlyList<ScoreColumn> columns)
    {
        w.WriteStartObject();
        w.WriteString("name", t.Tracker);
        Number(w, "fps", t.FramesPerSecond);
        w.WriteStartObject("overall");
        w.WriteNumber("frames", t.Sequences.Sum(s => s.Frames));
        foreach (var c in columns) Number(w, c.Key, c.OfTracker(t));
        if (t.OnePass is { } o)
        {
            Curve(w, "success", OtbMetrics.IouThresholds, o.SuccessCurve);
            Curve(w, "precision", OtbMetrics.PixelThresholds, o.PrecisionCurve);
            Curve(w, "norm_precision_pysot", OtbMetrics.PysotNormalizedThresholds, o.NormalizedPrecisionPysotCurve);
            Curve(w, "norm_precision_got10k", OtbMetrics.Got10kNormalizedThresholds, o.NormalizedPrecisionGot10kCurve);
        }
        if (t.Got10k is { } g) Curve(w, "success", Got10kScores.Thresholds, g.SuccessCurve);
        if (t.Vot is { } v) Curve(w, "expected_overlap", Enumerable.Range(0, v.ExpectedOverlapCurve.Count).Select(i => (double)i).ToList(), v.ExpectedOverlapCurve);
        w.WriteEndObject();
        w.WriteStartArray("sequences");
        foreach (var s in t.Sequences)
        {
            w.WriteStartObject();
            w.WriteString("name", s.Sequence);
            w.WriteNumber("frames", s.Frames);
            foreach (var c in columns.Where(c => c.OfSequence(s) is not null)) Number(w, c.Key, c.OfSequence(s));
            Number(w, "fps", s.FramesPerSecond);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Curve(Utf8JsonWriter w, string name, IReadOnlyList<double> thresholds, IReadOnlyList<double> values)
    {
        w.WriteStartObject(name + "_curve");
        w.WriteStartArray("thresholds");
        foreach (var t in thresholds) w.WriteNumberValue(t);
        w.WriteEndArray();
        w.WriteStartArray("values");
        foreach (var v in values)
            if (double.IsFinite(v)) w.WriteNumberValue(v);
            else w.WriteNullValue();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
