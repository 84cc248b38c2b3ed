using Microsoft.ML.Data;

namespace MLNet.Siamese.ML;

/// <summary>
/// TrackObject's output columns under their default names, for <c>mlContext.Data.CreateEnumerable&lt;TrackedVideo&gt;</c>
/// (derive from it, or write your own class, to read input columns such as the video path beside them).
/// </summary>
public class TrackedVideo
{
    /// <summary>Column <c>Status</c>: <c>ok</c>, or <c>error</c> when the row could not be tracked.</summary>
    public string Status { get; set; } = "";

    /// <summary>Column <c>Error</c>: why the row could not be tracked (naming the file or column); empty when ok.</summary>
    public string Error { get; set; } = "";

    /// <summary>Column <c>FrameCount</c>: number of tracked frames (0 on error).</summary>
    public int FrameCount { get; set; }

    /// <summary>Column <c>Frames</c>: source frame index of each tracked frame.</summary>
    [VectorType]
    public long[] Frames { get; set; } = [];

    /// <summary>Column <c>BoxX</c>: left of each frame's box.</summary>
    [VectorType]
    public float[] BoxX { get; set; } = [];

    /// <summary>Column <c>BoxY</c>: top of each frame's box.</summary>
    [VectorType]
    public float[] BoxY { get; set; } = [];

    /// <summary>Column <c>BoxWidth</c>: width of each frame's box.</summary>
    [VectorType]
    public float[] BoxWidth { get; set; } = [];

    /// <summary>Column <c>BoxHeight</c>: height of each frame's box.</summary>
    [VectorType]
    public float[] BoxHeight { get; set; } = [];

    /// <summary>Column <c>Scores</c>: tracker confidence of each frame (1 on the initialisation frame).</summary>
    [VectorType]
    public float[] Scores { get; set; } = [];

    /// <summary>Column <c>Found</c>: false on each frame where a long-term pack reports the target lost.</summary>
    [VectorType]
    public bool[] Found { get; set; } = [];
}
