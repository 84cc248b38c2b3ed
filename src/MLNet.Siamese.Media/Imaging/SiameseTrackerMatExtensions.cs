using MLNet.Siamese.Geometry;
using MLNet.Siamese.Tracking;
using OpenCvSharp;

namespace MLNet.Siamese.Imaging;

/// <summary>
/// OpenCV's tracker idiom over <see cref="ISiameseTracker"/>: <c>tracker.Init(mat, rect)</c>, then
/// <c>tracker.Update(mat, out rect)</c> per frame, with OpenCvSharp's <see cref="Mat"/>, <see cref="Rect"/> and
/// <see cref="Rect2d"/> (0-based top-left x, y, width, height in pixels, as <see cref="BoundingBox"/>).
/// BGR Mats (<c>CV_8UC3</c>) are read in place, without a copy (see <see cref="MatFrame.Wrap"/>).
/// </summary>
public static class SiameseTrackerMatExtensions
{
    /// <summary>Starts tracking the object inside <paramref name="box"/> on <paramref name="image"/>.</summary>
    /// <param name="tracker">The tracker.</param>
    /// <param name="image">The first frame: 8-bit BGR (gray and BGRA are converted).</param>
    /// <param name="box">The target, in pixels.</param>
    /// <exception cref="ArgumentException">The Mat is empty or of an unsupported type.</exception>
    /// <exception cref="TrackingException">The box is unusable on this image.</exception>
    public static void Init(this ISiameseTracker tracker, Mat image, Rect2d box)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        using var frame = MatFrame.Wrap(image);
        tracker.Init(frame, new BoundingBox(box.X, box.Y, box.Width, box.Height));
    }

    /// <inheritdoc cref="Init(ISiameseTracker, Mat, Rect2d)"/>
    public static void Init(this ISiameseTracker tracker, Mat image, Rect box) =>
        Init(tracker, image, new Rect2d(box.X, box.Y, box.Width, box.Height));

    /// <summary>Locates the target on the next frame.</summary>
    /// <param name="tracker">The tracker, after <see cref="Init(ISiameseTracker, Mat, Rect2d)"/>.</param>
    /// <param name="image">The next frame, of the first frame's size.</param>
    /// <param name="box">The target's box on <paramref name="image"/>.</param>
    /// <returns>False when the tracker reports the target lost (<see cref="TrackResult.Found"/>: pysot's long-term mode
    /// while the target is lost) or the box is unusable, as OpenCV's trackers return false when they lose the target;
    /// the other schemes always report their best box: use <see cref="Update(ISiameseTracker, Mat, out Rect2d, out float)"/>
    /// to read the confidence.</returns>
    /// <exception cref="TrackingException">Called before Init, or the frame size changed.</exception>
    public static bool Update(this ISiameseTracker tracker, Mat image, out Rect2d box) => Update(tracker, image, out box, out _);

    /// <summary>Locates the target on the next frame and gives the tracker's confidence.</summary>
    /// <param name="tracker">The tracker, after <see cref="Init(ISiameseTracker, Mat, Rect2d)"/>.</param>
    /// <param name="image">The next frame, of the first frame's size.</param>
    /// <param name="box">The target's box on <paramref name="image"/>.</param>
    /// <param name="score">The tracker's score for the box (as <see cref="TrackResult.Score"/>).</param>
    /// <returns>True when the target is found (<see cref="TrackResult.Found"/>) and the box is usable (finite, positive size).</returns>
    /// <exception cref="TrackingException">Called before Init, or the frame size changed.</exception>
    public static bool Update(this ISiameseTracker tracker, Mat image, out Rect2d box, out float score)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        using var frame = MatFrame.Wrap(image);
        var result = tracker.Track(frame);
        box = new Rect2d(result.Box.X, result.Box.Y, result.Box.Width, result.Box.Height);
        score = result.Score;
        return result.Found && result.Box.IsValid;
    }

    /// <summary>Locates the target on the next frame; the box rounded to whole pixels.</summary>
    /// <inheritdoc cref="Update(ISiameseTracker, Mat, out Rect2d)"/>
    public static bool Update(this ISiameseTracker tracker, Mat image, out Rect box)
    {
        bool found = Update(tracker, image, out Rect2d b);
        box = new Rect((int)Math.Round(b.X), (int)Math.Round(b.Y), (int)Math.Round(b.Width), (int)Math.Round(b.Height));
        return found;
    }
}
