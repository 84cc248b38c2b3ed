namespace MLNet.Siamese.Cluster;

/// <summary>What the job board answers a worker asking for work.</summary>
internal enum LeaseKind
{
    /// <summary>No run is open: ask again later.</summary>
    Idle,

    /// <summary>A run is open but every job not done is held by a worker: ask again later (one may die).</summary>
    Wait,

    /// <summary>A job for this worker.</summary>
    Job,
}

/// <summary>A job board's answer to a worker: a job of the open run with the run's settings, or why there is none.</summary>
[GenerateSerializer, Immutable]
internal sealed record JobLease(
    [property: Id(0)] LeaseKind Kind,
    [property: Id(1)] string RunId,
    [property: Id(2)] RunSettings? Settings,
    [property: Id(3)] ClusterJob? Job);
