namespace MLNet.Siamese.Batch;

/// <summary>
/// Where the time of a batch run went: busy time summed over the threads of each stage (stages overlap, so the sum
/// can exceed <see cref="Elapsed"/>), with the counts behind it.
/// </summary>
public sealed record BatchStatistics
{
    /// <summary>Wall time since the run started.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Frames that went through the whole pipeline (all jobs).</summary>
    public long Frames { get; init; }

    /// <summary>Frames decoded (can exceed <see cref="Frames"/> by what was queued when a job stopped).</summary>
    public long DecodedFrames { get; init; }

    /// <summary>Time spent decoding frames (all videos together).</summary>
    public TimeSpan Decode { get; init; }

    /// <summary>Search crops made (one per started target per frame).</summary>
    public long SearchCrops { get; init; }

    /// <summary>Time spent cropping search regions.</summary>
    public TimeSpan Crop { get; init; }

    /// <summary>Targets initialised (template crop and template graphs).</summary>
    public long TemplateInits { get; init; }

    /// <summary>Time spent on template initialisation.</summary>
    public TimeSpan TemplateInit { get; init; }

    /// <summary>Batches run through the search graphs.</summary>
    public long ModelCalls { get; init; }

    /// <summary>Search items run through the search graphs (over <see cref="ModelCalls"/> batches).</summary>
    public long SearchItems { get; init; }

    /// <summary>Time spent in the search graphs.</summary>
    public TimeSpan Inference { get; init; }

    /// <summary>Time spent decoding boxes and updating tracker states.</summary>
    public TimeSpan BoxDecode { get; init; }

    /// <summary>How search crops reach the model (batched or per item, and why).</summary>
    public string InferenceMode { get; init; } = "";

    /// <summary>Mean search crops per batch.</summary>
    public double MeanBatchSize => ModelCalls == 0 ? 0 : (double)SearchItems / ModelCalls;

    /// <summary>Frames per second of wall time, all jobs together.</summary>
    public double FramesPerSecond => Elapsed.TotalSeconds <= 0 ? 0 : Frames / Elapsed.TotalSeconds;
}
