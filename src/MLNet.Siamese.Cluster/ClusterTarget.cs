using MLNet.Siamese.Batch;
using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Cluster;

/// <summary>A <see cref="BatchTarget"/> as it travels between the submitter, the job board and the workers.</summary>
[GenerateSerializer, Immutable]
internal sealed record ClusterTarget(
    [property: Id(0)] string Id,
    [property: Id(1)] long StartFrame,
    [property: Id(2)] double X,
    [property: Id(3)] double Y,
    [property: Id(4)] double Width,
    [property: Id(5)] double Height)
{
    public static ClusterTarget From(BatchTarget target) =>
        new(target.Id, target.StartFrame, target.Box.X, target.Box.Y, target.Box.Width, target.Box.Height);

    public BatchTarget ToBatch() => new(Id, StartFrame, new BoundingBox(X, Y, Width, Height));
}
