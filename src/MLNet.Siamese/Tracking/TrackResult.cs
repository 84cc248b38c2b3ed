using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Tracking;

/// <summary>The tracker's answer for one frame.</summary>
/// <param name="Box">Estimated target box in frame pixels (top-left x, y, width, height).</param>
/// <param name="Score">The raw confidence of the chosen location (0..1 for softmax/sigmoid heads).</param>
public readonly record struct TrackResult(BoundingBox Box, float Score);
