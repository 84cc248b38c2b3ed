namespace MLNet.Siamese.Batch;

/// <summary>A job ended; after this event nothing more is reported for it.</summary>
/// <param name="Job">The job.</param>
/// <param name="Outcome">How it ended.</param>
public sealed record JobFinished(BatchJob Job, JobOutcome Outcome) : BatchEvent(Job);
