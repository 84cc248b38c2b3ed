using MLNet.Siamese.Output;

namespace MLNet.Siamese.Batch;

/// <summary>One frame of a job went through the pipeline.</summary>
/// <param name="Job">The job.</param>
/// <param name="FrameIndex">Zero-based frame index in the video.</param>
/// <param name="Records">One record per target started by this frame, in the job's target order (empty before the first start frame).</param>
public sealed record FrameTracked(BatchJob Job, long FrameIndex, IReadOnlyList<TrackRecord> Records) : BatchEvent(Job);
