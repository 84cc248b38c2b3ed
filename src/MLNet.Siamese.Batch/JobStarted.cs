namespace MLNet.Siamese.Batch;

/// <summary>A job's video is open and tracking begins.</summary>
/// <param name="Job">The job.</param>
/// <param name="Width">Frame width.</param>
/// <param name="Height">Frame height.</param>
/// <param name="ExpectedFrames">Frames that will be tracked, when the source knows its length.</param>
public sealed record JobStarted(BatchJob Job, int Width, int Height, long? ExpectedFrames) : BatchEvent(Job);
