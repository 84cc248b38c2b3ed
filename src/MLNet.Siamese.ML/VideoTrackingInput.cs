namespace MLNet.Siamese.ML;

/// <summary>
/// The input columns <c>TrackObject</c> reads: one row per target to track through a video. Every column must exist in
/// the input data; <see cref="TargetId"/> may be empty (then <c>"0"</c>) and <see cref="StartFrame"/> 0.
/// </summary>
public sealed class VideoTrackingInput
{
    /// <summary>Column <c>Video</c>: video file, image file or folder of frames.</summary>
    public string Video { get; set; } = "";

    /// <summary>Column <c>X</c>: left of the initial box, in pixels.</summary>
    public float X { get; set; }

    /// <summary>Column <c>Y</c>: top of the initial box, in pixels.</summary>
    public float Y { get; set; }

    /// <summary>Column <c>Width</c> of the initial box.</summary>
    public float Width { get; set; }

    /// <summary>Column <c>Height</c> of the initial box.</summary>
    public float Height { get; set; }

    /// <summary>Column <c>TargetId</c>: identifier carried into the per-frame rows; empty becomes <c>"0"</c>.</summary>
    public string TargetId { get; set; } = "";

    /// <summary>Column <c>StartFrame</c>: zero-based index of the frame the box is on.</summary>
    public int StartFrame { get; set; }
}
