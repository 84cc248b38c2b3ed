namespace MLNet.Siamese.Cluster;

/// <summary>Where a cluster run stands.</summary>
/// <param name="Total">Jobs in the list.</param>
/// <param name="Ended">Jobs that ended (completed, skipped or failed).</param>
/// <param name="Failed">Jobs that failed.</param>
/// <param name="Running">Jobs held by workers now.</param>
/// <param name="Workers">Workers holding a job now.</param>
/// <param name="Requeued">Jobs given to another worker because theirs died, over the run.</param>
public sealed record ClusterProgress(int Total, int Ended, int Failed, int Running, int Workers, int Requeued);
