using MLNet.Siamese.Imaging;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;
using System.Diagnostics;
using System.Threading.Channels;

namespace MLNet.Siamese.Batch;

/// <summary>
/// An open job: its frame source, one tracker per target, and a decoder thread that reads ahead into a bounded queue
/// (so a slow model never lets frames pile up, and a slow decoder never holds the others back). Disposing stops the
/// decoder, frees queued frames and releases the source.
/// </summary>
internal sealed class StreamState : IDisposable
{
    /// <summary>Nice value of decoder threads: measured on 2 cores, 8 streams, +10% throughput over equal priority.</summary>
    private const int DecoderNice = 5;

    private readonly Channel<Frame> _frames;
    private readonly CancellationTokenSource _stop = new();
    private Thread? _decoder;

    private StreamState(BatchJob job, IFrameSource source, List<TargetState> targets, int queueDepth, long? maxFrames)
    {
        Job = job;
        Source = source;
        Targets = targets;
        _frames = Channel.CreateBounded<Frame>(new BoundedChannelOptions(queueDepth) { SingleReader = true, SingleWriter = true });
        long? remaining = source.FrameCount is { } n ? Math.Max(0, n - job.FirstFrame) : null;
        ExpectedFrames = maxFrames is { } m ? Math.Min(remaining ?? m, m) : remaining;
        MaxFrames = maxFrames;
    }

    public BatchJob Job { get; }

    public IFrameSource Source { get; }

    public IReadOnlyList<TargetState> Targets { get; }

    /// <summary>Frames that will be tracked, when the source knows its length.</summary>
    public long? ExpectedFrames { get; }

    private long? MaxFrames { get; }

    /// <summary>Decoded frames, in order; completes at the end of the video or faults with the decode error.</summary>
    public ChannelReader<Frame> Frames => _frames.Reader;

    /// <summary>Opens the job's video from its first start frame and creates its trackers.</summary>
    /// <exception cref="FrameSourceException">The video is missing or unreadable.</exception>
    /// <exception cref="NativeDependencyException">A decoder is not installed.</exception>
    /// <exception cref="TrackingException">A target starts past the end of a video of known length.</exception>
    public static StreamState Open(BatchJob job, SiameseModel model, BatchOptions options)
    {
        var source = FrameSource.Open(job.Video, new FrameSourceOptions
        {
            StartFrame = job.FirstFrame,
            FramesPerSecond = options.FolderFramesPerSecond,
        });
        var targets = new List<TargetState>();
        try
        {
            foreach (var t in job.Targets)
            {
                if (source.FrameCount is { } count && t.StartFrame >= count)
                    throw new TrackingException($"target '{t.Id}': start frame {t.StartFrame} is past the end of the video ({count} frames)");
                targets.Add(new TargetState(t, SiameseTracker.CreateSearch(model, null, ownsModel: false)));
            }
            return new StreamState(job, source, targets, options.FrameQueueDepth, options.MaxFrames);
        }
        catch
        {
            foreach (var t in targets) t.Tracker.Dispose();
            source.Dispose();
            throw;
        }
    }

    /// <summary>Starts the decoder thread; <paramref name="decodeSlots"/> bounds how many videos decode at the same moment.</summary>
    public void StartDecoding(PipelineCounters counters, SemaphoreSlim decodeSlots)
    {
        _decoder = new Thread(() => Decode(counters, decodeSlots)) { IsBackground = true, Name = "siamese-decode " + Job.Id };
        _decoder.Start();
    }

    private void Decode(PipelineCounters counters, SemaphoreSlim decodeSlots)
    {
        // Decoders only work ahead: when our own threads compete for the cores, the crop and model threads go first.
        ThreadNice.Lower(DecoderNice);
        var writer = _frames.Writer;
        try
        {
            for (long n = 0; MaxFrames is null || n < MaxFrames; n++)
            {
                if (_stop.IsCancellationRequested) break;
                Frame? frame;
                try
                {
                    decodeSlots.Wait(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                long t0 = Stopwatch.GetTimestamp();
                try
                {
                    frame = Source.ReadNext();
                }
                finally
                {
                    decodeSlots.Release();
                }
                if (frame is null) break;
                counters.Decode(Stopwatch.GetTimestamp() - t0);
                if (writer.TryWrite(frame)) continue;
                try
                {
                    writer.WriteAsync(frame, _stop.Token).AsTask().GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    frame.Dispose();
                    break;
                }
            }
            writer.TryComplete();
        }
        catch (Exception ex)
        {
            // Reported to the driver through the queue: a decode error fails this job only.
            writer.TryComplete(ex);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _decoder?.Join();
        while (_frames.Reader.TryRead(out var frame)) frame.Dispose();
        foreach (var t in Targets) t.Tracker.Dispose();
        Source.Dispose();
        _stop.Dispose();
    }
}

/// <summary>A target of an open stream: its job entry and its tracker (which holds the state and template).</summary>
internal sealed class TargetState(BatchTarget target, SearchTracker tracker)
{
    public BatchTarget Target { get; } = target;

    public SearchTracker Tracker { get; } = tracker;

    /// <summary>Set by the crop stage once the tracker is initialised on the start frame.</summary>
    public bool Started { get; set; }
}
