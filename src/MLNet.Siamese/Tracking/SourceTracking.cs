using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Output;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Tracking;

/// <summary>
/// One target through a frame source: initialise on the first frame read, track every later one. The loop behind
/// <c>siamese track</c> and the row → track mapper, kept in one place so their records and errors agree.
/// </summary>
public static class SourceTracking
{
    /// <summary>
    /// Yields each frame with its record (<see cref="TrackStatus.Init"/> with score 1 on the first frame, then
    /// <see cref="TrackStatus.Tracked"/>, or <see cref="TrackStatus.Lost"/> where the tracker reports the target lost); records name the source by <see cref="IFrameSource.Path"/>. A frame stays
    /// valid until the next item is requested, then it is disposed.
    /// </summary>
    /// <param name="tracker">The tracker to initialise and run.</param>
    /// <param name="source">The frames, already positioned at the initialisation frame.</param>
    /// <param name="init">The target's box on the first frame read.</param>
    /// <param name="targetId">Target identifier written into the records.</param>
    /// <param name="startFrame">Index the source was opened at (for the error message when it yields nothing).</param>
    /// <param name="maxFrames">Most frames to process, the initialisation frame included; null for all.</param>
    /// <param name="cancellationToken">Checked before each frame.</param>
    /// <exception cref="FrameSourceException">The source yields no frame, or a frame cannot be decoded.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static IEnumerable<(Frame Frame, TrackRecord Record)> Run(ISiameseTracker tracker, IFrameSource source,
        BoundingBox init, string targetId, long startFrame = 0, long? maxFrames = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(source);
        return Iterate(tracker, source, init, targetId, startFrame, maxFrames, cancellationToken);
    }

    private static IEnumerable<(Frame, TrackRecord)> Iterate(ISiameseTracker tracker, IFrameSource source, BoundingBox init,
        string targetId, long startFrame, long? maxFrames, CancellationToken cancellationToken)
    {
        long count = 0;
        while ((maxFrames is null || count < maxFrames) && source.ReadNext() is { } frame)
        {
            using (frame)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TrackRecord record;
                if (count == 0)
                {
                    tracker.Init(frame, init);
                    record = new TrackRecord(source.Path, targetId, frame.Index, frame.Timestamp, init, 1f, TrackStatus.Init);
                }
                else
                {
                    var (box, score, found) = tracker.Track(frame);
                    record = new TrackRecord(source.Path, targetId, frame.Index, frame.Timestamp, box, score, found ? TrackStatus.Tracked : TrackStatus.Lost);
                }
                count++;
                yield return (frame, record);
            }
        }
        if (count == 0)
            throw new FrameSourceException(source.Path, startFrame > 0 ? $"no frame at index {startFrame}" : "no frames");
    }
}
