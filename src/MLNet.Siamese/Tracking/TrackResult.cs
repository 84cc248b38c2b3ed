using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Tracking;

/// <summary>The tracker's answer for one frame.</summary>
/// <param name="Box">Estimated target box in frame pixels (0-based top-left x, y, width, height; see <see cref="BoundingBox"/>).</param>
/// <param name="Score">The raw confidence of the chosen location (0..1 for softmax/sigmoid heads).</param>
/// <param name="Found">
/// False when the tracker judges the target lost on this frame (pysot's long-term mode: the best score fell below
/// its low threshold and has not yet risen above the high one; the box then keeps the last position). Trackers
/// without a loss criterion always answer true.
/// </param>
public readonly record struct TrackResult(BoundingBox Box, float Score, bool Found = true);
