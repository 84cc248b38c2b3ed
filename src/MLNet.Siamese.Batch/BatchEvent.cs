namespace MLNet.Siamese.Batch;

/// <summary>What a batch run reports, in order per job: <see cref="JobStarted"/>, then <see cref="FrameTracked"/> per
/// frame in frame order, then <see cref="JobFinished"/>. Events of different jobs interleave.</summary>
/// <param name="Job">The job concerned.</param>
public abstract record BatchEvent(BatchJob Job);
