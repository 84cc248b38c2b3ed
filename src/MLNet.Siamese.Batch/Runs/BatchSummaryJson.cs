using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLNet.Siamese.Batch;

/// <summary>Writes a <see cref="BatchSummary"/> as the <c>summary.json</c> document (snake_case, rounded figures).</summary>
internal static class BatchSummaryJson
{
    private const double MiB = 1024 * 1024;

    public static string Serialize(BatchSummary s)
    {
        var st = s.Statistics;
        var r = s.Resources;
        var o = s.Options;
        var doc = new BatchSummaryDocument(
            s.Model, s.Device, st.InferenceMode, s.Interrupted,
            new VideoCounts(s.Jobs.Count, s.Completed, s.Skipped, s.Failed, s.Cancelled),
            st.Frames, Math.Round(st.Elapsed.TotalSeconds, 3), Math.Round(st.FramesPerSecond, 1),
            new StageBusy(Ms(st.Decode), Ms(st.Crop), Ms(st.TemplateInit), Ms(st.Inference), Ms(st.BoxDecode)),
            st.ModelCalls, Math.Round(st.MeanBatchSize, 2),
            new OptionsDocument(o.MaxOpenVideos, o.FrameQueueDepth, o.MaxBatchSize, o.InferenceWorkers, o.Inference.ToString().ToLowerInvariant(), o.MaxFrames),
            new MemoryDocument(Math.Round(r.PeakWorkingSetBytes / MiB, 1), Math.Round(r.WorkingSetBytes / MiB, 1), Math.Round(r.ManagedHeapBytes / MiB, 1),
                Math.Round(r.TotalAllocatedBytes / MiB, 1), [r.Gen0Collections, r.Gen1Collections, r.Gen2Collections], Ms(r.GcPause)),
            s.Jobs.Select(j => new JobDocument(j.Id, j.Video, j.Targets, j.Outcome.Status.ToString().ToLowerInvariant(), j.Outcome.Frames, j.Outcome.Records, j.Outcome.Error)).ToList());
        return JsonSerializer.Serialize(doc, BatchSummaryJsonContext.Default.BatchSummaryDocument) + "\n";
    }

    private static double Ms(TimeSpan t) => Math.Round(t.TotalMilliseconds, 1);

    internal sealed record BatchSummaryDocument(string Model, string Device, string Inference, bool Interrupted, VideoCounts Videos,
        long Frames, double ElapsedS, double FramesPerSecond,
        StageBusy StageBusyMs, long ModelCalls, double MeanBatch,
        OptionsDocument Options, MemoryDocument Memory, IReadOnlyList<JobDocument> Jobs);

    internal sealed record VideoCounts(int Total, int Completed, int Skipped, int Failed, int Cancelled);

    internal sealed record StageBusy(double Decode, double Crop, double TemplateInit, double Inference, double BoxDecode);

    internal sealed record OptionsDocument(int MaxOpenVideos, int FrameQueueDepth, int MaxBatchSize, int InferenceWorkers, string Batching,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? MaxFrames);

    internal sealed record MemoryDocument(double PeakWorkingSetMib,
        double WorkingSetMib, double ManagedHeapMib,
        double TotalAllocatedMib, int[] GcCollections,
        double GcPauseMs);

    internal sealed record JobDocument(string Id, string Video, int Targets, string Status, long Frames, long Records, string? Error);
}

/// <summary>Source-generated serialization of <c>summary.json</c>; a job's error is left out when it has none.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BatchSummaryJson.BatchSummaryDocument))]
internal sealed partial class BatchSummaryJsonContext : JsonSerializerContext;
