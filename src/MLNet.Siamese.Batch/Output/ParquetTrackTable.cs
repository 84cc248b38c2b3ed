using System.Text.Json;
using System.Text.Json.Serialization;
using Parquet.Serialization;

namespace MLNet.Siamese.Output;

/// <summary>
/// Track tables as Apache Parquet (Parquet.Net): typed columns that analytics engines (DuckDB, Spark, pandas/pyarrow,
/// Polars) read without parsing text. Schema, one row per target and frame:
/// <c>job</c> (string; null for <c>siamese track</c>), <c>video</c> (string: the source as given), <c>target</c>
/// (string), <c>frame</c> (int64, zero-based), <c>timestamp_ms</c> (double), <c>x</c>, <c>y</c>, <c>w</c>, <c>h</c>
/// (double: 0-based top-left box in pixels), <c>score</c> (float), <c>status</c> (string: <c>init</c>/<c>tracked</c>/<c>lost</c>),
/// <c>model</c> (string: the pack's name). Values are those of the CSV/JSON tables (timestamps rounded to 3 decimals).
/// </summary>
public static class ParquetTrackTable
{
    /// <summary>The file name of a batch run's combined Parquet table.</summary>
    public const string BatchFileName = "tracks.parquet";

    /// <summary>Writes <paramref name="rows"/> to <paramref name="stream"/> as one Parquet file (left open).</summary>
    internal static void Write(Stream stream, IReadOnlyList<ParquetTrackRow> rows) =>
        // Parquet.Net's API is asynchronous only; the callers are synchronous writers without a synchronisation context.
        ParquetSerializer.SerializeAsync(rows, stream).GetAwaiter().GetResult();

    /// <summary>The row of a record, as the CSV/JSON writers print it.</summary>
    internal static ParquetTrackRow Row(in TrackRecord r, string? job, string? model) => new()
    {
        Job = job, Video = r.Source, Target = r.TargetId, Frame = r.FrameIndex,
        TimestampMs = Math.Round(r.Timestamp.TotalMilliseconds, 3),
        X = r.Box.X, Y = r.Box.Y, W = r.Box.Width, H = r.Box.Height, Score = r.Score,
        Status = TrackStatusNames.Of(r.Status), Model = model,
    };

    /// <summary>The rows of a JSON track record written by <see cref="TrackWriter"/> (a batch job's per-video table).</summary>
    internal static ParquetTrackRow Row(JsonElement record, string job, string model) => new()
    {
        Job = job,
        Video = record.GetProperty("source").GetString() ?? "",
        Target = record.GetProperty("target").GetString() ?? "",
        Frame = record.GetProperty("frame").GetInt64(),
        TimestampMs = record.GetProperty("timestamp_ms").GetDouble(),
        X = record.GetProperty("x").GetDouble(),
        Y = record.GetProperty("y").GetDouble(),
        W = record.GetProperty("w").GetDouble(),
        H = record.GetProperty("h").GetDouble(),
        Score = record.GetProperty("score").GetSingle(),
        Status = record.GetProperty("status").GetString() ?? "",
        Model = model,
    };
}

/// <summary>One row of a Parquet track table (see <see cref="ParquetTrackTable"/> for the schema).</summary>
internal sealed class ParquetTrackRow
{
    [JsonPropertyName("job")] public string? Job { get; set; }

    [JsonPropertyName("video")] public string Video { get; set; } = "";

    [JsonPropertyName("target")] public string Target { get; set; } = "";

    [JsonPropertyName("frame")] public long Frame { get; set; }

    [JsonPropertyName("timestamp_ms")] public double TimestampMs { get; set; }

    [JsonPropertyName("x")] public double X { get; set; }

    [JsonPropertyName("y")] public double Y { get; set; }

    [JsonPropertyName("w")] public double W { get; set; }

    [JsonPropertyName("h")] public double H { get; set; }

    [JsonPropertyName("score")] public float Score { get; set; }

    [JsonPropertyName("status")] public string Status { get; set; } = "";

    [JsonPropertyName("model")] public string? Model { get; set; }
}
