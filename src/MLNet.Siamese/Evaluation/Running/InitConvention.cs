namespace MLNet.Siamese.Evaluation.Running;

/// <summary>How a ground-truth region becomes the tracker's initial box.</summary>
public enum InitConvention
{
    /// <summary>
    /// pysot's test scripts (NanoTrack, SiamRPN++, SiamBAN): <c>get_axis_aligned_bbox</c> then
    /// <c>[cx-(w-1)/2, cy-(h-1)/2, w, h]</c>, i.e. <c>[x+0.5, y+0.5, w, h]</c> for a 4-value row; a polygon becomes the
    /// box of the same area around its centre.
    /// </summary>
    Pysot,

    /// <summary>The ground-truth box as is (polygons: min/max of the points), as got10k-style trackers expect.</summary>
    Raw,
}
