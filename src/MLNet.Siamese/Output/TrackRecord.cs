using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Output;

/// <summary>How a frame's box came about.</summary>
public enum TrackStatus
{
    /// <summary>The initialisation frame: the box is the one given.</summary>
    Init,
    /// <summary>The tracker estimated the box.</summary>
    Tracked,
    /// <summary>
    /// The tracker judged the target lost on this frame (<see cref="Tracking.TrackResult.Found"/> false: a long-term
    /// pack's score below its threshold); the box keeps the last position while the tracker searches a wider region.
    /// </summary>
    Lost,
}

/// <summary>The names track tables write for <see cref="TrackStatus"/>.</summary>
public static class TrackStatusNames
{
    /// <summary>The lower-case name of <paramref name="status"/> in CSV, JSON and Parquet tables: <c>init</c>, <c>tracked</c>, <c>lost</c>.</summary>
    /// <param name="status">The status.</param>
    public static string Of(TrackStatus status) => status switch
    {
        TrackStatus.Init => "init",
        TrackStatus.Tracked => "tracked",
        TrackStatus.Lost => "lost",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

/// <summary>One row of a track table: what every output path (CSV, JSON, batch tables) carries.</summary>
/// <param name="Source">The video file or frame folder.</param>
/// <param name="TargetId">Identifier of the tracked target within the source.</param>
/// <param name="FrameIndex">Zero-based frame index in the source.</param>
/// <param name="Timestamp">Presentation time of the frame.</param>
/// <param name="Box">Box in frame pixels.</param>
/// <param name="Score">Tracker confidence (1 on the init frame).</param>
/// <param name="Status">Init, tracked or lost.</param>
public readonly record struct TrackRecord(string Source, string TargetId, long FrameIndex, TimeSpan Timestamp, BoundingBox Box, float Score, TrackStatus Status);
