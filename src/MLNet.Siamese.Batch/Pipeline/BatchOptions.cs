using MLNet.Siamese.Inference;

namespace MLNet.Siamese.Batch;

/// <summary>How a <see cref="BatchTracker"/> schedules its pipeline. Memory is bounded by
/// <see cref="MaxOpenVideos"/> × (<see cref="FrameQueueDepth"/> + 2) decoded frames plus the batch buffers,
/// whatever the number of jobs.</summary>
public sealed record BatchOptions
{
    /// <summary>Videos decoded and tracked at the same time; later jobs wait for a free place. Default 8.</summary>
    public int MaxOpenVideos { get; init; } = 8;

    /// <summary>Decoded frames each open video may hold ahead of tracking. Default 3.</summary>
    public int FrameQueueDepth { get; init; } = 3;

    /// <summary>
    /// Videos decoding a frame at the same moment (the others wait with their frames queued). Default: the number of
    /// processors, so decoding many videos never crowds out the model threads.
    /// </summary>
    public int DecodeThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>Most search crops stacked into one model call. Default 8.</summary>
    public int MaxBatchSize { get; init; } = 8;

    /// <summary>
    /// Threads running model calls concurrently (each call uses the session's intra-op threads). Default: the number of
    /// processors, at most 4 — with one intra-op thread per call, two workers on 2 cores keep the model busy while the
    /// other worker's batch is being cropped or decoded.
    /// </summary>
    public int InferenceWorkers { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Whether search crops of many streams go into one call. Default <see cref="BatchInferenceMode.Auto"/>.</summary>
    public BatchInferenceMode Inference { get; init; } = BatchInferenceMode.Auto;

    /// <summary>Most frames decoded per video, counted from its first target's start frame; null for all.</summary>
    public long? MaxFrames { get; init; }

    /// <summary>When set, each completed job also gets an annotated video <c>&lt;job id&gt;.mp4</c> in this folder.</summary>
    public string? AnnotatedVideoDirectory { get; init; }

    /// <summary>Frame rate given to frame folders (timestamps = index / rate). Default 30.</summary>
    public double FolderFramesPerSecond { get; init; } = 30;

    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOpenVideos, 1, nameof(MaxOpenVideos));
        ArgumentOutOfRangeException.ThrowIfLessThan(FrameQueueDepth, 1, nameof(FrameQueueDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(DecodeThreads, 1, nameof(DecodeThreads));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(InferenceWorkers, 1, nameof(InferenceWorkers));
        if (MaxFrames is < 1) throw new ArgumentOutOfRangeException(nameof(MaxFrames), MaxFrames, "must be at least 1");
        if (!(FolderFramesPerSecond > 0) || !double.IsFinite(FolderFramesPerSecond))
            throw new ArgumentOutOfRangeException(nameof(FolderFramesPerSecond), FolderFramesPerSecond, "must be a positive finite number");
    }
}
