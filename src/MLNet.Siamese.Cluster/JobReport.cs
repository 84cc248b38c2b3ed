using MLNet.Siamese.Batch;

namespace MLNet.Siamese.Cluster;

/// <summary>How a job ended on a worker, as the job board records it.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Status">Completed, skipped (its completion marker already vouched for its outputs), failed or cancelled.</param>
/// <param name="Frames">Frames tracked.</param>
/// <param name="Records">Track records written.</param>
/// <param name="Error">Why it failed; null otherwise.</param>
/// <param name="Worker">The worker that ran it.</param>
/// <param name="Model">The model pack's name on that worker.</param>
/// <param name="Device">The device inference ran on there.</param>
[GenerateSerializer, Immutable]
internal sealed record JobReport(
    [property: Id(0)] string JobId,
    [property: Id(1)] JobStatus Status,
    [property: Id(2)] long Frames,
    [property: Id(3)] long Records,
    [property: Id(4)] string? Error,
    [property: Id(5)] string Worker,
    [property: Id(6)] string Model,
    [property: Id(7)] string Device);
