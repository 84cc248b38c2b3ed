using MLNet.Siamese.Output;

namespace MLNet.Siamese.Batch;

/// <summary>What a batch run reports, in order per job: <see cref="JobStarted"/>, then <see cref="FrameTracked"/> per
/// frame in frame order, then <see cref="JobFinished"/>. Events of different jobs interleave.</summary>
/// <param name="Job">The job concerned.</param>
public abstract record BatchEvent(BatchJob Job);

/// <summary>A job's video is open and tracking begins.</summary>
/// <param name="Job">The job.</param>
/// <param name="Width">Frame width.</param>
/// <param name="Height">Frame height.</param>
/// <param name="ExpectedFrames">Frames that will be tracked, when the source knows its length.</param>
public sealed record JobStarted(BatchJob Job, int Width, int Height, long? ExpectedFrames) : BatchEvent(Job);

/// <summary>One frame of a job went through the pipeline.</summary>
/// <param name="Job">The job.</param>
/// <param name="FrameIndex">Zero-based frame index in the video.</param>
/// <param name="Records">One record per target started by this frame, in the job's target order (empty before the first start frame).</param>
public sealed record FrameTracked(BatchJob Job, long FrameIndex, IReadOnlyList<TrackRecord> Records) : BatchEvent(Job);

/// <summary>A job ended; after this event nothing more is reported for it.</summary>
/// <param name="Job">The job.</param>
/// <param name="Outcome">How it ended.</param>
public sealed record JobFinished(BatchJob Job, JobOutcome Outcome) : BatchEvent(Job);
