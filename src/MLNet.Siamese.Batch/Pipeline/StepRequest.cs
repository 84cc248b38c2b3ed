using MLNet.Siamese.Imaging;
using MLNet.Siamese.Output;

namespace MLNet.Siamese.Batch;

/// <summary>
/// One frame of one stream on its way through crop → inference → box decode. Each stage holds a reference while it
/// works on it (the crop stage one for the whole frame, one per search item until its box is decoded); when the last
/// is released the stream's driver resumes, so no stage ever touches the frame or the trackers after that.
/// </summary>
internal sealed class StepRequest
{
    // Continuations run inline on the stage thread that releases the request last: the stream's driver then queues
    // its next frame at once, and the stages wake once per batch instead of the thread pool once per frame.
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.None);
    private int _holds = 1;
    private Exception? _error;

    public StepRequest(StreamState stream, Frame frame)
    {
        Stream = stream;
        Frame = frame;
        Records = new TrackRecord?[stream.Targets.Count];
    }

    public StreamState Stream { get; }

    public Frame Frame { get; }

    /// <summary>Per target (job order): its record for this frame, or null when it has not started yet.</summary>
    public TrackRecord?[] Records { get; }

    /// <summary>The first error met; the remaining items of a failed request are skipped.</summary>
    public Exception? Error => Volatile.Read(ref _error);

    /// <summary>Completes (or faults) when every stage has released the request.</summary>
    public Task Completion => _done.Task;

    public void Hold() => Interlocked.Increment(ref _holds);

    public void Fail(Exception error) => Interlocked.CompareExchange(ref _error, error, null);

    public void Release()
    {
        if (Interlocked.Decrement(ref _holds) != 0) return;
        if (Error is { } e) _done.TrySetException(e);
        else _done.TrySetResult();
    }
}
