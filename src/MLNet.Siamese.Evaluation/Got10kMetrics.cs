using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Evaluation;

/// <summary>
/// The GOT-10k protocol (got10k toolkit <c>ExperimentGOT10k</c>): IoUs of boxes bounded to the image, frame 0
/// excluded, only frames where the target is visible (<c>cover &gt; 0</c>); scores pooled over all frames.
/// </summary>
public static class Got10kMetrics
{
    /// <summary>
    /// The IoUs of one sequence that GOT-10k scores, over the common prefix of the lists.
    /// </summary>
    /// <param name="predicted">Tracker boxes, frame 0 first.</param>
    /// <param name="groundTruth">Ground-truth boxes.</param>
    /// <param name="visible">Per-frame visibility (GOT-10k: <c>cover &gt; 0</c>); null → frames with a valid ground-truth box.</param>
    /// <param name="bounds">Image size both boxes are bounded to; null for unbounded.</param>
    public static Got10kScores Evaluate(IReadOnlyList<BoundingBox> predicted, IReadOnlyList<BoundingBox> groundTruth,
        IReadOnlyList<bool>? visible, ImageSize? bounds)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(groundTruth);
        int n = Math.Min(predicted.Count, groundTruth.Count);
        var ious = new List<double>(n);
        for (int i = 1; i < n; i++)
        {
            bool isVisible = visible is null ? groundTruth[i].IsValid : i < visible.Count && visible[i];
            if (!isVisible) continue;
            var (p, g) = bounds is { } b ? (Bound(predicted[i], b), Bound(groundTruth[i], b)) : (predicted[i], groundTruth[i]);
            double iou = OtbMetrics.Got10kIoU(p, g);
            ious.Add(double.IsNaN(iou) ? 0 : iou);
        }
        return new Got10kScores(ious);
    }

    /// <summary>
    /// got10k's bounding of a box to a <c>W×H</c> image: <c>x</c> clipped to [0, W], then <c>w</c> to [0, W − x]
    /// (likewise y, h).
    /// </summary>
    public static BoundingBox Bound(BoundingBox box, ImageSize size)
    {
        double x = Math.Clamp(box.X, 0, size.Width), y = Math.Clamp(box.Y, 0, size.Height);
        return new BoundingBox(x, y, Math.Clamp(box.Width, 0, size.Width - x), Math.Clamp(box.Height, 0, size.Height - y));
    }
}
