namespace MLNet.Siamese.ML;

/// <summary>
/// TrackObjectFrames' output columns under their default names, for <c>mlContext.Data.CreateEnumerable</c> (derive
/// from it to read input columns such as the video and frame number beside them).
/// </summary>
public class TrackedFrameColumns
{
    /// <summary>Column <c>BoxX</c>: left of the frame's box (NaN on an error row).</summary>
    public float BoxX { get; set; }

    /// <summary>Column <c>BoxY</c>: top of the frame's box.</summary>
    public float BoxY { get; set; }

    /// <summary>Column <c>BoxWidth</c>: width of the frame's box.</summary>
    public float BoxWidth { get; set; }

    /// <summary>Column <c>BoxHeight</c>: height of the frame's box.</summary>
    public float BoxHeight { get; set; }

    /// <summary>Column <c>Score</c>: tracker confidence (1 on the initialisation frame, NaN on an error row).</summary>
    public float Score { get; set; }

    /// <summary>Column <c>Status</c>: <c>init</c>, <c>tracked</c> or <c>error</c>.</summary>
    public string Status { get; set; } = "";

    /// <summary>Column <c>Error</c>: why the row has no box; empty otherwise.</summary>
    public string Error { get; set; } = "";
}
