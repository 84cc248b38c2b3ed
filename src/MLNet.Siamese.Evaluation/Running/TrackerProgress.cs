namespace MLNet.Siamese.Evaluation.Running;

/// <summary>Live progress of one tracker over a dataset; updated from worker threads, safe to read from any thread.</summary>
public sealed class TrackerProgress
{
    private long _framesDone;
    private int _sequencesDone, _sequencesSkipped;

    internal TrackerProgress(string name, long totalFrames, int totalSequences)
    {
        Name = name;
        TotalFrames = totalFrames;
        TotalSequences = totalSequences;
    }

    /// <summary>Tracker name.</summary>
    public string Name { get; }

    /// <summary>Frames over all sequences.</summary>
    public long TotalFrames { get; }

    /// <summary>Sequences to run.</summary>
    public int TotalSequences { get; }

    /// <summary>Frames processed (or skipped by resume) so far.</summary>
    public long FramesDone => Interlocked.Read(ref _framesDone);

    /// <summary>Sequences finished (run or skipped).</summary>
    public int SequencesDone => Volatile.Read(ref _sequencesDone);

    /// <summary>Sequences skipped because their results existed (resume).</summary>
    public int SequencesSkipped => Volatile.Read(ref _sequencesSkipped);

    internal void AddFrame() => Interlocked.Increment(ref _framesDone);

    internal void FinishSequence(long frames, bool skipped)
    {
        // Frames of a skipped sequence were never counted one by one.
        if (skipped)
        {
            Interlocked.Add(ref _framesDone, frames);
            Interlocked.Increment(ref _sequencesSkipped);
        }
        Interlocked.Increment(ref _sequencesDone);
    }
}
