namespace MLNet.Siamese.Batch;

/// <summary>The end of one job.</summary>
/// <param name="Status">Completed, failed, cancelled or skipped.</param>
/// <param name="Frames">Frames decoded and tracked.</param>
/// <param name="Records">Track records produced (one per started target per frame).</param>
/// <param name="Error">Why the job failed (names the file, frame or target); null otherwise.</param>
public sealed record JobOutcome(JobStatus Status, long Frames, long Records, string? Error = null);
