namespace MLNet.Siamese.Cluster;

/// <summary>
/// What a submission fixes for every worker, because it decides the tables: the model pack (a path every worker can
/// read, or empty for each worker's bundled default model) and the frame limit. How a worker schedules its pipeline
/// (threads, open videos) is its own choice and does not change the tables.
/// </summary>
[GenerateSerializer, Immutable]
internal sealed record RunSettings([property: Id(0)] string Model, [property: Id(1)] long? MaxFrames);
