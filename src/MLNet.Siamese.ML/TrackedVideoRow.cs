using Microsoft.ML.Data;

namespace MLNet.Siamese.ML;

/// <summary>
/// A row of <c>TrackObject</c>'s output read back with <c>mlContext.Data.CreateEnumerable</c>: the input columns that
/// identify the target plus every output column (<see cref="TrackedVideo"/>).
/// </summary>
public sealed class TrackedVideoRow
{
    /// <summary>Column <c>Video</c>.</summary>
    public string Video { get; set; } = "";

    /// <summary>Column <c>TargetId</c> (as given; may be empty).</summary>
    public string TargetId { get; set; } = "";

    /// <summary>Column <c>Status</c>: <c>ok</c> or <c>error</c>.</summary>
    public string Status { get; set; } = "";

    /// <summary>Column <c>Error</c>.</summary>
    public string Error { get; set; } = "";

    /// <summary>Column <c>FrameCount</c>.</summary>
    public int FrameCount { get; set; }

    /// <summary>Column <c>Frames</c>.</summary>
    [VectorType]
    public long[] Frames { get; set; } = [];

    /// <summary>Column <c>BoxX</c>.</summary>
    [VectorType]
    public float[] BoxX { get; set; } = [];

    /// <summary>Column <c>BoxY</c>.</summary>
    [VectorType]
    public float[] BoxY { get; set; } = [];

    /// <summary>Column <c>BoxWidth</c>.</summary>
    [VectorType]
    public float[] BoxWidth { get; set; } = [];

    /// <summary>Column <c>BoxHeight</c>.</summary>
    [VectorType]
    public float[] BoxHeight { get; set; } = [];

    /// <summary>Column <c>Scores</c>.</summary>
    [VectorType]
    public float[] Scores { get; set; } = [];
}
