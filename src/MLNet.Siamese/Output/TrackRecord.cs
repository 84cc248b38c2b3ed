using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Output;

/// <summary>How a frame's box came about.</summary>
public enum TrackStatus
{
    /// <summary>The initialisation frame: the box is the one given.</summary>
    Init,
    /// <summary>The tracker estimated the box.</summary>
    Tracked,
}

/// <summary>One row of a track table: what every output path (CSV, JSON, batch tables) carries.</summary>
/// <param name="Source">The video file or frame folder.</param>
/// <param name="TargetId">Identifier of the tracked target within the source.</param>
/// <param name="FrameIndex">Zero-based frame index in the source.</param>
/// <param name="Timestamp">Presentation time of the frame.</param>
/// <param name="Box">Box in frame pixels.</param>
/// <param name="Score">Tracker confidence (1 on the init frame).</param>
/// <param name="Status">Init or tracked.</param>
public readonly record struct TrackRecord(string Source, string TargetId, long FrameIndex, TimeSpan Timestamp, BoundingBox Box, float Score, TrackStatus Status);
