namespace MLNet.Siamese.Cluster;

/// <summary>Where a run stands, as the submitter shows it.</summary>
/// <param name="RunId">The run (null when the board holds no run: its state was lost).</param>
/// <param name="Total">Jobs in the list.</param>
/// <param name="Pending">Jobs no worker holds yet.</param>
/// <param name="Running">Jobs held by a live worker.</param>
/// <param name="Reports">The jobs that ended, in the order they did.</param>
/// <param name="Workers">Workers that hold a job now, with how many.</param>
/// <param name="Requeued">Jobs given back to the queue because their worker died, over the run.</param>
[GenerateSerializer, Immutable]
internal sealed record RunProgress(
    [property: Id(0)] string? RunId,
    [property: Id(1)] int Total,
    [property: Id(2)] int Pending,
    [property: Id(3)] int Running,
    [property: Id(4)] List<JobReport> Reports,
    [property: Id(5)] Dictionary<string, int> Workers,
    [property: Id(6)] int Requeued)
{
    /// <summary>True when every job has ended.</summary>
    public bool Finished => RunId is not null && Reports.Count == Total;
}
