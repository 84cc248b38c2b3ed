using MLNet.Siamese.Evaluation.Running;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.Tests.Tracking;

/// <summary>
/// Free-running parity against a Python reference, robust to float32 rounding: the C# tracker follows its own boxes,
/// except right after a frame that the reference flags as a near-tie (pscore margin &lt; 1e-4 or crop rounding margin
/// &lt; 1e-3 px, tools/reference/nanotrack_tracker.py's decision_margin). There rounding that differs between ONNX
/// Runtime and PyTorch, and between processors (the public ONNX files also have BatchNorm folded), may pick the other
/// candidate and the two tracks then separate for good (person12_flip's crop at frame 129: 0.986 on one machine, 0.979 on
/// another; Bolt at frame 294). After such a frame the tracker restarts from the reference's box; every other frame
/// runs free.
/// </summary>
internal static class NearTieRestarts
{
    /// <summary>
    /// One free-running step on frame <paramref name="i"/>: frame 0 initialises with the reference's init box and returns
    /// it; a frame after a near-tie of the reference restarts from the reference's previous box first.
    /// </summary>
    public static BoundingBox Step(PysotTracker tracker, Frame frame, int i, IReadOnlyList<BoundingBox> reference, IReadOnlySet<int> nearTies)
    {
        if (i == 0)
        {
            tracker.Init(frame, reference[0]);
            return reference[0];
        }
        if (nearTies.Contains(i - 1)) RestartFrom(tracker, reference[i - 1]);
        return InitBox.Reported(tracker.Track(frame).Box, InitConvention.Pysot);
    }

    /// <summary>Sets the tracker's state to a reference box (pysot: the reported box is the state, centre and size).</summary>
    public static void RestartFrom(PysotTracker tracker, BoundingBox box) =>
        tracker.SetTarget(box.X + box.Width / 2, box.Y + box.Height / 2, box.Width, box.Height);
}
