namespace MLNet.Siamese.Evaluation.Running;

/// <summary>
/// The box convention of the reference implementation whose numbers an evaluation reproduces: how a ground-truth
/// region becomes the tracker's initial box (<see cref="InitBox.From"/>) and how the tracker's boxes, always in the
/// library's convention (<see cref="Geometry.BoundingBox"/>), are written as that implementation would have reported
/// them (<see cref="InitBox.Reported"/>). Only the evaluation runner knows these; trackers never do.
/// </summary>
public enum InitConvention
{
    /// <summary>
    /// pysot's test scripts (NanoTrack, SiamRPN++, SiamBAN): <c>get_axis_aligned_bbox</c> then
    /// <c>[cx-(w-1)/2, cy-(h-1)/2, w, h]</c>, i.e. <c>[x+0.5, y+0.5, w, h]</c> for a 4-value row (a polygon becomes the
    /// box of the same area around its centre); pysot trackers report <c>[cx-w/2, cy-h/2, w, h]</c>, half a pixel up
    /// and left of the library's box.
    /// </summary>
    Pysot,

    /// <summary>The ground-truth box as is (polygons: min/max of the points), read and reported in the library's convention.</summary>
    Raw,

    /// <summary>
    /// siamfc-pytorch (SiamFC, FDSiamFC): the ground-truth box as is (polygons: min/max of the points) read as a 1-based
    /// box, i.e. one pixel left and up of the library's; boxes reported 1-based again.
    /// </summary>
    SiamFc,
}
