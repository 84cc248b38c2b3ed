using MLNet.Siamese.Batch;

namespace MLNet.Siamese.Cluster;

/// <summary>A <see cref="BatchJob"/> as it travels between the submitter, the job board and the workers.</summary>
[GenerateSerializer, Immutable]
internal sealed record ClusterJob(
    [property: Id(0)] string Id,
    [property: Id(1)] string Video,
    [property: Id(2)] List<ClusterTarget> Targets)
{
    public static ClusterJob From(BatchJob job) => new(job.Id, job.Video, job.Targets.Select(ClusterTarget.From).ToList());

    public BatchJob ToBatch() => new(Id, Video, Targets.Select(t => t.ToBatch()).ToList());
}
