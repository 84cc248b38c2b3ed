using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.ML;

/// <summary>
/// Frame-by-frame tracking from a fitted (or loaded) model, for frames that live in memory — a camera, a stream, your
/// own preprocessing — rather than in files: the stateful counterpart of ML.NET's PredictionEngine. Made from the
/// model's first tracking transform (TrackObject or TrackObjectFrames), with its pack and settings. One target per
/// engine; not thread-safe (create one per stream; they share the model).
/// </summary>
public sealed class TrackingEngine : IDisposable
{
    private readonly ISiameseTracker _tracker;
    private long _frames;

    private TrackingEngine(ISiameseTracker tracker) => _tracker = tracker;

    /// <summary>An engine over the first tracking transform of <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">The model has no tracking transform.</exception>
    public static TrackingEngine Create(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var transform = TrackingModel.Flatten(model).OfType<ITrackingTransform>().FirstOrDefault()
                        ?? throw new ArgumentException("the model has no TrackObject or TrackObjectFrames transform", nameof(model));
        return new TrackingEngine(transform.CreateTracker());
    }

    /// <summary>True once <see cref="Init(MLImage, float, float, float, float)"/> has run.</summary>
    public bool IsInitialized { get; private set; }

    /// <summary>Starts tracking the target in the box <c>x, y, width, height</c> (0-based pixels, top-left) of <paramref name="image"/>.</summary>
    /// <exception cref="ArgumentException">The box is not finite with a positive size, or lies outside the image.</exception>
    public TrackedBox Init(MLImage image, float x, float y, float width, float height)
    {
        using var frame = ToFrame(image);
        return Init(frame, new BoundingBox(x, y, width, height));
    }

    /// <summary>Starts tracking the target in <paramref name="box"/> of <paramref name="frame"/> (8-bit BGR).</summary>
    public TrackedBox Init(Frame frame, BoundingBox box)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (box.Problem() is { } problem) throw new ArgumentException("initial " + problem, nameof(box));
        _tracker.Init(frame, box);
        IsInitialized = true;
        _frames = 1;
        return new TrackedBox((float)box.X, (float)box.Y, (float)box.Width, (float)box.Height, 1f, _frames - 1);
    }

    /// <summary>The target's box in the next frame.</summary>
    /// <exception cref="InvalidOperationException">Called before Init.</exception>
    public TrackedBox Track(MLImage image)
    {
        using var frame = ToFrame(image);
        return Track(frame);
    }

    /// <summary>The target's box in the next frame (8-bit BGR).</summary>
    /// <exception cref="InvalidOperationException">Called before Init.</exception>
    public TrackedBox Track(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!IsInitialized) throw new InvalidOperationException("TrackingEngine: call Init with the first frame and box before Track");
        var r = _tracker.Track(frame);
        return new TrackedBox((float)r.Box.X, (float)r.Box.Y, (float)r.Box.Width, (float)r.Box.Height, r.Score, _frames++);
    }

    /// <summary>Releases the tracker (the model stays with the transform).</summary>
    public void Dispose() => _tracker.Dispose();

    private static Frame ToFrame(MLImage image) => MLImageFrames.ToFrame(image);
}

/// <summary>One frame's result from a <see cref="TrackingEngine"/>.</summary>
/// <param name="X">Left of the box (0-based pixels).</param>
/// <param name="Y">Top of the box.</param>
/// <param name="Width">Width of the box.</param>
/// <param name="Height">Height of the box.</param>
/// <param name="Score">Tracker confidence (1 on the initialisation frame).</param>
/// <param name="Frame">Zero-based number of the frame since Init.</param>
public readonly record struct TrackedBox(float X, float Y, float Width, float Height, float Score, long Frame);

/// <summary><c>model.CreateTrackingEngine()</c>.</summary>
public static class TrackingEngineExtensions
{
    /// <summary>A <see cref="TrackingEngine"/> over the first tracking transform of <paramref name="model"/>.</summary>
    /// <param name="model">A fitted or loaded model containing TrackObject or TrackObjectFrames.</param>
    public static TrackingEngine CreateTrackingEngine(this ITransformer model) => TrackingEngine.Create(model);
}
