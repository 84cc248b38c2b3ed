namespace MLNet.Siamese.ML;

/// <summary>One row per video, target and tracked frame (what <see cref="TrackedFrames.ExpandTrackedFrames"/> produces).</summary>
public sealed class TrackedFrame
{
    /// <summary>Column <c>Video</c>.</summary>
    public string Video { get; set; } = "";

    /// <summary>Column <c>TargetId</c> (<c>"0"</c> when the input had none).</summary>
    public string TargetId { get; set; } = "";

    /// <summary>Column <c>Frame</c>: zero-based frame index in the video.</summary>
    public long Frame { get; set; }

    /// <summary>Column <c>X</c>: left of the box.</summary>
    public float X { get; set; }

    /// <summary>Column <c>Y</c>: top of the box.</summary>
    public float Y { get; set; }

    /// <summary>Column <c>Width</c> of the box.</summary>
    public float Width { get; set; }

    /// <summary>Column <c>Height</c> of the box.</summary>
    public float Height { get; set; }

    /// <summary>Column <c>Score</c>: tracker confidence (1 on the initialisation frame).</summary>
    public float Score { get; set; }

    /// <summary>Column <c>Status</c>: <c>init</c> on the initialisation frame, <c>tracked</c> after (<c>lost</c> where a long-term pack reports the target lost).</summary>
    public string Status { get; set; } = "";
}
