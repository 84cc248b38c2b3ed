using System.Diagnostics;

namespace MLNet.Siamese.Batch;

/// <summary>Busy time and counts per pipeline stage, added from many threads (Stopwatch ticks, Interlocked).</summary>
internal sealed class PipelineCounters
{
    private long _decodeTicks, _decodedFrames, _cropTicks, _crops, _initTicks, _inits;
    private long _inferenceTicks, _batches, _items, _boxTicks, _trackedFrames;
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _end;

    /// <summary>Freezes <see cref="BatchStatistics.Elapsed"/> at the end of the run.</summary>
    public void Stop() => Interlocked.CompareExchange(ref _end, Stopwatch.GetTimestamp(), 0);

    public void Decode(long ticks) { Interlocked.Add(ref _decodeTicks, ticks); Interlocked.Increment(ref _decodedFrames); }
    public void Crop(long ticks) { Interlocked.Add(ref _cropTicks, ticks); Interlocked.Increment(ref _crops); }
    public void Init(long ticks) { Interlocked.Add(ref _initTicks, ticks); Interlocked.Increment(ref _inits); }
    public void Inference(long ticks, int items) { Interlocked.Add(ref _inferenceTicks, ticks); Interlocked.Increment(ref _batches); Interlocked.Add(ref _items, items); }
    public void BoxDecode(long ticks) => Interlocked.Add(ref _boxTicks, ticks);
    public void FrameTracked() => Interlocked.Increment(ref _trackedFrames);

    public BatchStatistics Snapshot(string inference) => new()
    {
        Elapsed = Stopwatch.GetElapsedTime(_start, Interlocked.Read(ref _end) is var end && end != 0 ? end : Stopwatch.GetTimestamp()),
        Frames = Interlocked.Read(ref _trackedFrames),
        DecodedFrames = Interlocked.Read(ref _decodedFrames),
        Decode = Time(ref _decodeTicks),
        SearchCrops = Interlocked.Read(ref _crops),
        Crop = Time(ref _cropTicks),
        TemplateInits = Interlocked.Read(ref _inits),
        TemplateInit = Time(ref _initTicks),
        ModelCalls = Interlocked.Read(ref _batches),
        SearchItems = Interlocked.Read(ref _items),
        Inference = Time(ref _inferenceTicks),
        BoxDecode = Time(ref _boxTicks),
        InferenceMode = inference,
    };

    private static TimeSpan Time(ref long ticks) => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref ticks));
}
