namespace MLNet.Siamese.Evaluation;

/// <summary>Options of one-pass (OTB/UAV123) scoring.</summary>
public sealed record OnePassOptions
{
    /// <summary>How frames with invalid ground truth count (default: the got10k toolkit's rule).</summary>
    public InvalidFrameRule Rule { get; init; } = InvalidFrameRule.Got10k;

    /// <summary>
    /// Replace the tracker's frame-0 box by the ground truth before scoring (got10k <c>ExperimentOTB</c>: frame 0
    /// counts, with IoU 1). Default true.
    /// </summary>
    public bool ReplaceFirstFrame { get; init; } = true;
}
