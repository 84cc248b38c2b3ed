using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Output;

namespace MLNet.Siamese.Batch;

/// <summary>
/// One run over a list of jobs: a feeder opens up to <see cref="BatchOptions.MaxOpenVideos"/> jobs at a time, one
/// driver per open job sends its frames one at a time through the shared <see cref="BatchStages"/> (a stream's next
/// crop needs the state its previous frame left), and every event goes through one bounded channel to the caller.
/// A job's error ends that job only.
/// </summary>
internal sealed class BatchRun
{
    private readonly SiameseModel _model;
    private readonly BatchSearchModel _search;
    private readonly BatchOptions _options;
    private readonly PipelineCounters _counters;
    private readonly SemaphoreSlim _decodeSlots;
    private readonly Channel<BatchEvent> _events = Channel.CreateBounded<BatchEvent>(new BoundedChannelOptions(256) { SingleReader = true });

    public BatchRun(SiameseModel model, BatchSearchModel search, BatchOptions options, PipelineCounters counters)
    {
        _model = model;
        _search = search;
        _options = options;
        _counters = counters;
        _decodeSlots = new SemaphoreSlim(options.DecodeThreads);
    }

    public async IAsyncEnumerable<BatchEvent> RunAsync(IEnumerable<BatchJob> jobs, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stages = new BatchStages(_search, _options, _counters);
        stages.Start();
        var feeder = Task.Run(() => FeedAsync(jobs, stages, cts));
        try
        {
            await foreach (var e in _events.Reader.ReadAllAsync(CancellationToken.None))
                yield return e;
        }
        finally
        {
            // Also reached when the caller stops early: stop the jobs, let the stages drain, then surface any error.
            cts.Cancel();
            await foreach (var _ in _events.Reader.ReadAllAsync(CancellationToken.None)) { }
            await feeder;
        }
    }

    private async Task FeedAsync(IEnumerable<BatchJob> jobs, BatchStages stages, CancellationTokenSource cts)
    {
        var ct = cts.Token;
        using var gate = new SemaphoreSlim(_options.MaxOpenVideos);
        var drivers = new List<Task>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        Exception? error = null;
        try
        {
            foreach (var job in jobs)
            {
                bool open = !ct.IsCancellationRequested;
                if (open)
                {
                    try { await gate.WaitAsync(ct); }
                    catch (OperationCanceledException) { open = false; }
                }
                if (!open)
                {
                    await _events.Writer.WriteAsync(new JobFinished(job, new JobOutcome(JobStatus.Cancelled, 0, 0)), CancellationToken.None);
                    continue;
                }
                bool duplicate = !ids.Add(job.Id);
                drivers.Add(DriveAndRelease(job, duplicate));
            }
        }
        catch (Exception ex)
        {
            error = ex;
            cts.Cancel();
        }
        try { await Task.WhenAll(drivers); }
        catch (Exception ex) { error ??= ex; }
        stages.Complete();
        try { await stages.Finished; }
        catch (Exception ex) { error ??= ex; }
        _events.Writer.TryComplete();
        if (error is not null) ExceptionDispatchInfo.Throw(error);

        async Task DriveAndRelease(BatchJob job, bool duplicate)
        {
            try { await Task.Run(() => DriveAsync(job, duplicate, stages, ct), CancellationToken.None); }
            finally { gate.Release(); }
        }
    }

    private async Task DriveAsync(BatchJob job, bool duplicate, BatchStages stages, CancellationToken ct)
    {
        StreamState? stream = null;
        AnnotatedVideo? video = null;
        long frames = 0, records = 0;
        JobOutcome outcome;
        try
        {
            if (duplicate) throw new ArgumentException($"job id '{job.Id}' is used by an earlier job");
            job.Validate();
            ct.ThrowIfCancellationRequested();
            stream = StreamState.Open(job, _model, _options);
            var source = stream.Source;
            if (_options.AnnotatedVideoDirectory is { } dir)
                video = new AnnotatedVideo(Path.Combine(dir, job.Id + ".mp4"), source.Width, source.Height, source.FramesPerSecond ?? _options.FolderFramesPerSecond);
            await _events.Writer.WriteAsync(new JobStarted(job, source.Width, source.Height, stream.ExpectedFrames), CancellationToken.None);
            stream.StartDecoding(_counters, _decodeSlots);
            var reader = stream.Frames;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (!reader.TryRead(out var frame))
                {
                    if (!await reader.WaitToReadAsync(ct)) break;
                    continue;
                }
                using (frame)
                {
                    var step = await StepAsync(new StepRequest(stream, frame), stages);
                    if (video is not null)
                    {
                        await Task.Yield(); // encoding is slow: not on a stage thread
                        video.Write(frame, step.Records);
                    }
                    var tracked = step.Records.Where(r => r.HasValue).Select(r => r!.Value).ToArray();
                    frames++;
                    records += tracked.Length;
                    _counters.FrameTracked();
                    await _events.Writer.WriteAsync(new FrameTracked(job, frame.Index, tracked), CancellationToken.None);
                }
            }
            if (frames == 0) throw new FrameSourceException(job.Video, "no frames to track");
            if (stream.Targets.FirstOrDefault(t => !t.Started) is { } late)
                throw new TrackingException($"target '{late.Target.Id}': start frame {late.Target.StartFrame} is past the last frame tracked ({job.FirstFrame + frames - 1})");
            video?.Commit();
            outcome = new JobOutcome(JobStatus.Completed, frames, records);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = new JobOutcome(JobStatus.Cancelled, frames, records);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Whatever one job's video, boxes or trackers throw ends that job only (the stages caught it per request).
            outcome = new JobOutcome(JobStatus.Failed, frames, records, ex.Message);
        }
        finally
        {
            // Off the stage thread the last frame's completion may have run us on: ending a job joins its decoder
            // and may wait for the encoder.
            await Task.Yield();
            video?.Dispose();
            stream?.Dispose();
        }
        await _events.Writer.WriteAsync(new JobFinished(job, outcome), CancellationToken.None);
    }

    /// <summary>Sends one frame through the stages and waits until they have all released it.</summary>
    private static async Task<StepRequest> StepAsync(StepRequest request, BatchStages stages)
    {
        await stages.Requests.WriteAsync(request, CancellationToken.None);
        await Task.WhenAny(request.Completion, stages.Finished);
        if (!request.Completion.IsCompleted)
            throw new InvalidOperationException("the batch pipeline stopped unexpectedly", stages.Finished.Exception?.InnerException);
        await request.Completion;
        return request;
    }
}
