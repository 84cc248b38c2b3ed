using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Mapping;

/// <summary>One target to track through one video: what a row of a video table describes.</summary>
/// <param name="Video">Video file, image file or folder of frames.</param>
/// <param name="Box">The target's box on <paramref name="StartFrame"/> (x, y, width, height in pixels).</param>
/// <param name="TargetId">Identifier carried into the results; null or empty becomes <c>"0"</c>, as in <c>siamese track</c>.</param>
/// <param name="StartFrame">Zero-based index of the initialisation frame; earlier frames are skipped.</param>
public sealed record VideoTrackRequest(string? Video, BoundingBox Box, string? TargetId = null, long StartFrame = 0);
