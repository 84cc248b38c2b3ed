using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Tracking;

/// <summary>
/// A single-target tracker in OpenCV's shape: <see cref="Init"/> on a frame with the target's box, then
/// <see cref="Track"/> on each following frame, which answers the box, the score and whether the target is found.
/// Boxes are 0-based pixels, top-left x, y, width, height (<see cref="BoundingBox"/>) for every family. Create one
/// with <see cref="SiameseTracker.Create(string, InferenceOptions?, TrackerOptions?)"/>; not thread-safe: one tracker
/// per target.
/// </summary>
public interface ISiameseTracker : IDisposable
{
    /// <summary>The model pack in use.</summary>
    ModelPack Pack { get; }

    /// <summary>The device inference runs on.</summary>
    ExecutionDevice Device { get; }

    /// <summary>Starts (or restarts) tracking the object inside <paramref name="box"/> on <paramref name="frame"/>.</summary>
    /// <exception cref="TrackingException">The box is not finite, has a non-positive size, lies entirely outside the
    /// frame or is absurdly large (<see cref="BoundingBox.ProblemIn"/>).</exception>
    void Init(Frame frame, BoundingBox box);

    /// <summary>Locates the target on the next frame (OpenCV's <c>update</c>).</summary>
    /// <exception cref="TrackingException">Called before <see cref="Init"/>, or the frame size changed.</exception>
    TrackResult Track(Frame frame);
}
