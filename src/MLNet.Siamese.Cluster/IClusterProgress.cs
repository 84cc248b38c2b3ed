using MLNet.Siamese.Batch;

namespace MLNet.Siamese.Cluster;

/// <summary>Receives a cluster run's progress on the submitter, on one thread.</summary>
public interface IClusterProgress
{
    /// <summary>The job list reached the job board; <paramref name="resumed"/> when the same run was already open.</summary>
    void Submitted(int jobs, bool resumed);

    /// <summary>A job ended on <paramref name="worker"/>.</summary>
    void JobFinished(BatchJob job, string worker, JobOutcome outcome);

    /// <summary>The counts changed.</summary>
    void Changed(ClusterProgress progress);

    /// <summary>Something the user should know (the cluster unreachable for a while, the board rebuilt).</summary>
    void Warning(string message);
}
