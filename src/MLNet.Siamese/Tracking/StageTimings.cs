using System.Diagnostics;

namespace MLNet.Siamese.Tracking;

/// <summary>Accumulates time spent per stage of <see cref="SiameseTracker.Track"/> (for benchmarks; not thread-safe).</summary>
public sealed class StageTimings
{
    private long _crop, _inference, _decode;

    /// <summary>Number of frames accumulated.</summary>
    public int Frames { get; private set; }

    /// <summary>Total crop time.</summary>
    public TimeSpan Crop => Stopwatch.GetElapsedTime(0, _crop);

    /// <summary>Total model inference time (search graphs).</summary>
    public TimeSpan Inference => Stopwatch.GetElapsedTime(0, _inference);

    /// <summary>Total box decoding and state update time.</summary>
    public TimeSpan Decode => Stopwatch.GetElapsedTime(0, _decode);

    internal void Add(long crop, long inference, long decode)
    {
        _crop += crop;
        _inference += inference;
        _decode += decode;
        Frames++;
    }

    /// <summary>Forgets everything accumulated so far (e.g. after warm-up).</summary>
    public void Reset()
    {
        _crop = _inference = _decode = 0;
        Frames = 0;
    }
}
