using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MLNet.Siamese.Batch;

namespace MLNet.Siamese.Cluster;

/// <summary>
/// A worker's share of one run: <see cref="Take"/> hands the batch pipeline the jobs leased from the job board, one
/// more each time the pipeline has a free place (so a worker never holds more jobs than it has open videos, and a
/// late worker finds work), until the run has none left; every job's end is reported back to the board in the
/// background (retrying while the board moves to another silo), without stalling the pipeline.
/// </summary>
internal sealed class LeasedJobs : IBatchProgress
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1), Retry = TimeSpan.FromSeconds(2);

    private readonly IJobBoardGrain _board;
    private readonly string _worker, _silo, _runId, _model, _device;
    private readonly SemaphoreSlim _places;
    private readonly ILogger _logger;
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);
    /// <summary>Jobs that ended here and whose report is still on its way (the board must not free them meanwhile).</summary>
    private readonly HashSet<string> _unsent = new(StringComparer.Ordinal);
    /// <summary>A job's end, or (Report null) jobs to give back.</summary>
    private readonly Channel<(JobReport? Report, List<string>? GiveBack)> _reports =
        Channel.CreateUnbounded<(JobReport?, List<string>?)>(new UnboundedChannelOptions { SingleReader = true });
    private ClusterJob? _first;

    public LeasedJobs(IJobBoardGrain board, string worker, string silo, JobLease first, BatchTracker tracker, ILogger logger)
    {
        _board = board;
        _worker = worker;
        _silo = silo;
        _runId = first.RunId;
        _first = first.Job;
        _model = tracker.Pack.Name;
        _device = tracker.Device.ToString();
        _places = new SemaphoreSlim(tracker.Options.MaxOpenVideos);
        _logger = logger;
        Sender = Task.Run(SendReportsAsync);
    }

    /// <summary>Ends when every report has reached the board (after <see cref="Complete"/>).</summary>
    public Task Sender { get; }

    /// <summary>Jobs for the pipeline, enumerated on its feeder thread; ends when the run has no job left for anyone.</summary>
    public IEnumerable<BatchJob> Take(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try { _places.Wait(cancellationToken); }
            catch (OperationCanceledException) { yield break; }
            var job = _first ?? NextJob(cancellationToken);
            _first = null;
            if (job is null)
            {
                _places.Release();
                yield break;
            }
            lock (_held) _held.Add(job.Id);
            yield return job.ToBatch();
        }
    }

    /// <summary>Leases the next job of this run; null when the run has none left (or another run took the board).</summary>
    private ClusterJob? NextJob(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            JobLease lease;
            try
            {
                List<string> holding;
                lock (_held) holding = [.. _held, .. _unsent];
                lease = _board.Lease(_worker, _silo, holding).WaitAsync(cancellationToken).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (Exception ex)
            {
                _logger.LogWarning("cannot reach the job board ({Reason}); retrying", ClusterText.OneLine(ex));
                cancellationToken.WaitHandle.WaitOne(Retry);
                continue;
            }
            if (lease.Kind == LeaseKind.Job && lease.RunId == _runId) return lease.Job;
            if (lease.Kind == LeaseKind.Job)
            {
                // A new run opened while this share was draining: give its job back; the worker loop picks the run up.
                _ = _board.Release(lease.RunId, _worker, [lease.Job!.Id]);
                return null;
            }
            if (lease.Kind == LeaseKind.Idle || lease.RunId != _runId) return null;
            cancellationToken.WaitHandle.WaitOne(Poll); // every job is held: wait, one of their workers may die
        }
        return null;
    }

    public void JobStarted(BatchJob job, long? expectedFrames) { }

    public void FramesTracked(BatchJob job, long framesDone) { }

    public void Warning(BatchJob job, string message) => _logger.LogWarning("job {Job}: {Message}", job.Id, message);

    /// <summary>Thread-safe: skipped jobs are reported from the feeder thread, the others from the event loop.</summary>
    public void JobFinished(BatchJob job, JobOutcome outcome)
    {
        lock (_held)
        {
            _held.Remove(job.Id);
            _unsent.Add(job.Id);
        }
        _places.Release();
        if (outcome.Status == JobStatus.Failed) _logger.LogWarning("job {Job} failed: {Error}", job.Id, outcome.Error);
        _reports.Writer.TryWrite((new JobReport(job.Id, outcome.Status, outcome.Frames, outcome.Records, outcome.Error, _worker, _model, _device), null));
    }

    /// <summary>No more reports: gives back the jobs still held (the pipeline stopped before they ended).</summary>
    public void Complete()
    {
        List<string> held;
        lock (_held)
        {
            held = [.. _held];
            _held.Clear();
        }
        if (held.Count > 0) _reports.Writer.TryWrite((null, held));
        _reports.Writer.TryComplete();
    }

    private async Task SendReportsAsync()
    {
        await foreach (var (report, giveBack) in _reports.Reader.ReadAllAsync())
        {
            string what = report is null ? "the jobs it still holds" : "job " + report.JobId;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    if (report is null) await _board.Release(_runId, _worker, giveBack!);
                    else await _board.Finish(_runId, _worker, report);
                    if (report is not null) lock (_held) _unsent.Remove(report.JobId);
                    break;
                }
                catch (Exception ex) when (attempt < 30)
                {
                    _logger.LogWarning("cannot report {What} to the job board ({Reason}); retrying", what, ClusterText.OneLine(ex));
                    await Task.Delay(Retry);
                }
                catch (Exception ex)
                {
                    // Its completion marker is in the shared folder: the board gives the job out again, and the
                    // worker that gets it finds the marker and reports it skipped.
                    _logger.LogError("giving up reporting {What} to the job board: {Reason}", what, ClusterText.OneLine(ex));
                    if (report is not null) lock (_held) _unsent.Remove(report.JobId);
                    break;
                }
            }
        }
    }
}
