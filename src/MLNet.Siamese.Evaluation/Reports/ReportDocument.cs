using System.Text.Json.Serialization;

namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>The <c>summary.json</c> of an evaluation (serialized by <see cref="ReportJsonContext"/>; snake_case names).</summary>
internal sealed record ReportDocument(
    string Protocol,
    string Dataset,
    Dictionary<string, string> Definitions,
    Dictionary<string, object> Options,
    IReadOnlyList<string> Sequences,
    IReadOnlyList<TrackerDocument> Trackers,
    IReadOnlyList<string> Warnings);

/// <summary>One tracker: overall scores (measure keys, then <c>*_curve</c> objects) and per-sequence scores.</summary>
internal sealed record TrackerDocument(string Name, double? Fps, Dictionary<string, object?> Overall, IReadOnlyList<Dictionary<string, object?>> Sequences);

/// <summary>A curve: its thresholds and values (null where a value is not finite).</summary>
internal sealed record CurveDocument(IReadOnlyList<double> Thresholds, IReadOnlyList<double?> Values);

/// <summary>Source-generated serialization of the evaluation report (no reflection; the shapes are fixed here).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ReportDocument))]
[JsonSerializable(typeof(CurveDocument))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
