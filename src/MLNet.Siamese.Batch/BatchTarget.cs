using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Batch;

/// <summary>One object to track through a job's video.</summary>
/// <param name="Id">Identifier of the target, unique within its job (the <c>target</c> column of the tables).</param>
/// <param name="StartFrame">Zero-based index of the frame <paramref name="Box"/> refers to; tracking starts there.</param>
/// <param name="Box">The target's box on the start frame (x, y, w, h in pixels, top-left corner).</param>
public sealed record BatchTarget(string Id, long StartFrame, BoundingBox Box);
