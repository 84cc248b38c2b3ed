namespace MLNet.Siamese.Cluster;

/// <summary>The persisted state of the job board (see <see cref="IJobBoardGrain"/>).</summary>
[GenerateSerializer]
internal sealed class JobBoardState
{
    /// <summary>The open run; empty when none was ever submitted.</summary>
    [Id(0)] public string RunId { get; set; } = "";

    [Id(1)] public RunSettings? Settings { get; set; }

    /// <summary>The job list, in list order.</summary>
    [Id(2)] public List<ClusterJob> Jobs { get; set; } = [];

    /// <summary>Jobs held by a worker: job id → holder.</summary>
    [Id(3)] public Dictionary<string, JobHolder> Leases { get; set; } = [];

    /// <summary>Jobs that ended, in the order they did.</summary>
    [Id(4)] public List<JobReport> Reports { get; set; } = [];

    /// <summary>Jobs put back in the queue because their silo died.</summary>
    [Id(5)] public int Requeued { get; set; }
}

/// <summary>Who holds a job: the worker's name and its silo's address (Orleans' parsable form).</summary>
[GenerateSerializer, Immutable]
internal sealed record JobHolder([property: Id(0)] string Worker, [property: Id(1)] string Silo);
