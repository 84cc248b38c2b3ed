namespace MLNet.Siamese.Cluster;

/// <summary>
/// The job board of a cluster (one per cluster, keyed by the cluster id): holds the open run's job
/// list, which jobs are pending, which worker holds which, and how each ended. Its state is persisted in the membership
/// store, so when the silo hosting it dies Orleans activates it on another silo with the same state. A job held by a
/// silo that Orleans membership declares dead goes back to the queue.
/// </summary>
internal interface IJobBoardGrain : IGrainWithStringKey
{
    /// <summary>
    /// Opens a run, or follows it when the same run (same id) is open and unfinished. A finished run submitted again
    /// starts afresh: its jobs' completion markers decide what is run again (in another output folder, everything).
    /// </summary>
    Task<SubmitResult> Submit(string runId, RunSettings settings, List<ClusterJob> jobs);

    /// <summary>
    /// Gives <paramref name="worker"/> (on silo <paramref name="silo"/>) the next pending job, if any. <paramref name="holding"/>
    /// lists the jobs the worker holds: any other job recorded for it goes back to the queue (its lease was lost on the way).
    /// </summary>
    Task<JobLease> Lease(string worker, string silo, List<string> holding);

    /// <summary>Records how a job held by <paramref name="worker"/> ended (a cancelled job goes back to the queue).</summary>
    Task Finish(string runId, string worker, JobReport report);

    /// <summary>Puts jobs a worker still holds back in the queue (the worker is stopping or its pipeline failed).</summary>
    Task Release(string runId, string worker, List<string> jobIds);

    /// <summary>Where the open run stands.</summary>
    Task<RunProgress> Progress();
}
