using System.Diagnostics;
using System.Threading.Channels;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Output;

namespace MLNet.Siamese.Batch;

/// <summary>
/// The shared stages every stream's frames go through, each on its own thread, connected by bounded channels:
/// crop (targets are initialised here on their start frame; search crops of all ready streams are stacked into one
/// batch, which is sent as soon as no other request is waiting or it is full) → inference (N workers) → box decode
/// (decoder + state update, which releases the requests). A fixed pool of batches bounds the work in flight.
/// </summary>
internal sealed class BatchStages : IDisposable
{
    private readonly Channel<StepRequest> _requests;
    private readonly Channel<PendingBatch> _free, _toInfer, _toDecode;
    private readonly List<PendingBatch> _all = [];
    private readonly List<Thread> _threads = [];
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PipelineCounters _counters;
    private readonly int _workers;
    private int _running, _workersRunning, _idleWorkers;
    private Exception? _failure;

    public BatchStages(BatchSearchModel search, BatchOptions options, PipelineCounters counters)
    {
        _counters = counters;
        _workers = options.InferenceWorkers;
        _requests = Channel.CreateBounded<StepRequest>(new BoundedChannelOptions(options.MaxOpenVideos) { SingleReader = true });
        _toInfer = Channel.CreateBounded<PendingBatch>(new BoundedChannelOptions(_workers) { SingleWriter = true });
        _toDecode = Channel.CreateUnbounded<PendingBatch>(new UnboundedChannelOptions { SingleReader = true });
        _free = Channel.CreateUnbounded<PendingBatch>();
        // One batch filling, one queued per worker, one per running worker, one being decoded.
        for (int i = 0; i < 2 * _workers + 2; i++)
        {
            var batch = new PendingBatch(search.CreateBatch(options.MaxBatchSize));
            _all.Add(batch);
            _free.Writer.TryWrite(batch);
        }
    }

    /// <summary>Where stream drivers send their frames.</summary>
    public ChannelWriter<StepRequest> Requests => _requests.Writer;

    /// <summary>Completes when every stage thread has ended (faults with an unexpected stage error).</summary>
    public Task Finished => _finished.Task;

    public void Start()
    {
        StartThread("siamese-crop", CropLoop);
        for (int i = 0; i < _workers; i++) StartThread("siamese-infer " + i, InferenceLoop);
        StartThread("siamese-boxes", DecodeLoop);
    }

    /// <summary>No more requests will come: the stages drain what is queued, then end.</summary>
    public void Complete() => _requests.Writer.TryComplete();

    private void StartThread(string name, Action body)
    {
        Interlocked.Increment(ref _running);
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception ex)
            {
                // A bug, not a job error: stop everything and surface it.
                Interlocked.CompareExchange(ref _failure, ex, null);
                _requests.Writer.TryComplete(ex);
                _toInfer.Writer.TryComplete(ex);
                _toDecode.Writer.TryComplete(ex);
                _free.Writer.TryComplete(ex);
            }
            if (Interlocked.Decrement(ref _running) == 0)
            {
                if (_failure is { } f) _finished.TrySetException(f);
                else _finished.TrySetResult();
            }
        }) { IsBackground = true, Name = name };
        _threads.Add(thread);
        thread.Start();
    }

    private void CropLoop()
    {
        PendingBatch? batch = null;
        var reader = _requests.Reader;
        while (Wait(reader.WaitToReadAsync()))
        {
            while (reader.TryRead(out var request)) Prepare(request, ref batch);
            // Nothing else is waiting: send what we have rather than hold streams back.
            if (batch is not null) Dispatch(ref batch);
        }
        if (batch is not null) Dispatch(ref batch);
        _toInfer.Writer.TryComplete();
    }

    private void Prepare(StepRequest request, ref PendingBatch? batch)
    {
        var frame = request.Frame;
        var job = request.Stream.Job;
        var targets = request.Stream.Targets;
        int i = 0;
        try
        {
            for (; i < targets.Count && request.Error is null; i++)
            {
                var t = targets[i];
                if (!t.Started)
                {
                    if (frame.Index < t.Target.StartFrame) continue;
                    long t0 = Stopwatch.GetTimestamp();
                    t.Tracker.Init(frame, t.Target.Box);
                    _counters.Init(Stopwatch.GetTimestamp() - t0);
                    t.Started = true;
                    request.Records[i] = new TrackRecord(job.Id, t.Target.Id, frame.Index, frame.Timestamp, t.Target.Box, 1f, TrackStatus.Init);
                    continue;
                }
                batch ??= Wait(_free.Reader.ReadAsync());
                long c0 = Stopwatch.GetTimestamp();
                double scaleZ = t.Tracker.PrepareSearch(frame, batch.NextItem);
                _counters.Crop(Stopwatch.GetTimestamp() - c0);
                request.Hold();
                batch.Add(request, i, scaleZ);
                // Hand over as soon as a worker waits (cropping then overlaps inference); while all are busy, keep
                // filling: the batch grows exactly as much as the model is the bottleneck.
                if (batch.IsFull || WorkerWaiting) Dispatch(ref batch);
            }
        }
        catch (Exception ex)
        {
            // Any error of one target's init or crop (a huge box, ...) fails its job only, never the shared stages.
            request.Fail(new TrackingException($"target '{targets[i].Target.Id}', frame {frame.Index}: {OneLine(ex)}", ex));
        }
        finally
        {
            request.Release();
        }
    }

    private bool WorkerWaiting => Volatile.Read(ref _idleWorkers) > 0 && _toInfer.Reader.Count == 0;

    private void Dispatch(ref PendingBatch? batch)
    {
        var b = batch!;
        batch = null;
        if (b.Count == 0)
        {
            _free.Writer.TryWrite(b);
            return;
        }
        if (!_toInfer.Writer.TryWrite(b)) Wait(_toInfer.Writer.WriteAsync(b));
    }

    private void InferenceLoop()
    {
        var reader = _toInfer.Reader;
        while (true)
        {
            if (!reader.TryRead(out var batch))
            {
                Interlocked.Increment(ref _idleWorkers);
                bool more = Wait(reader.WaitToReadAsync());
                Interlocked.Decrement(ref _idleWorkers);
                if (more) continue;
                break;
            }
            long t0 = Stopwatch.GetTimestamp();
            try
            {
                batch.Search.Run(batch.Count);
            }
            catch (Exception ex)
            {
                // Fails the jobs whose crops were in this call; the worker goes on with the next batch.
                for (int i = 0; i < batch.Count; i++) batch[i].Request.Fail(ex);
            }
            _counters.Inference(Stopwatch.GetTimestamp() - t0, batch.Count);
            _toDecode.Writer.TryWrite(batch);
        }
        if (Interlocked.Increment(ref _workersRunning) == _workers) _toDecode.Writer.TryComplete();
    }

    private void DecodeLoop()
    {
        var reader = _toDecode.Reader;
        while (Wait(reader.WaitToReadAsync()))
        {
            while (reader.TryRead(out var batch))
            {
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < batch.Count; i++)
                {
                    var (request, target, scaleZ) = batch[i];
                    if (request.Error is null) Complete(request, target, scaleZ, batch.Search.Item(i));
                    request.Release();
                }
                _counters.BoxDecode(Stopwatch.GetTimestamp() - t0);
                batch.Clear();
                _free.Writer.TryWrite(batch);
            }
        }
    }

    private static void Complete(StepRequest request, int target, double scaleZ, ITensorSlot item)
    {
        var t = request.Stream.Targets[target];
        try
        {
            var r = t.Tracker.CompleteSearch(item, scaleZ);
            var frame = request.Frame;
            request.Records[target] = new TrackRecord(request.Stream.Job.Id, t.Target.Id, frame.Index, frame.Timestamp, r.Box, r.Score, TrackStatus.Tracked);
        }
        catch (Exception ex)
        {
            request.Fail(new TrackingException($"target '{t.Target.Id}', frame {request.Frame.Index}: {OneLine(ex)}", ex));
        }
    }

    /// <summary>The first line of an error's message (framework messages add "Actual value was ..." lines).</summary>
    private static string OneLine(Exception ex) => ex.Message.Split('\n', 2)[0].Trim();

    /// <summary>Blocks this stage thread on a channel operation (stage threads are dedicated, so blocking is their job).</summary>
    private static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    private static void Wait(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully) task.AsTask().GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _threads) t.Join();
        foreach (var b in _all) b.Dispose();
    }
}
