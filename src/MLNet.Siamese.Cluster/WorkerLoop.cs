using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MLNet.Siamese.Batch;

namespace MLNet.Siamese.Cluster;

/// <summary>
/// What a worker silo does besides hosting grains: asks the job board for work and runs each run's share through the
/// batch pipeline (<see cref="BatchRunner"/>) into the shared output folder, the model loaded once per run settings.
/// Stopping cancels the open jobs (the board gives them to other workers) before the silo leaves the cluster.
/// </summary>
internal sealed class WorkerLoop(IGrainFactory grains, ILocalSiloDetails silo, ClusterWorkerOptions options, ILogger<WorkerLoop> logger)
    : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1), Retry = TimeSpan.FromSeconds(2);

    private (RunSettings Settings, BatchTracker Tracker)? _loaded;

    private string Name => options.WorkerName ?? silo.Name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var board = JobBoard.Get(grains, options.ClusterId);
        string address = silo.SiloAddress.ToParsableString();
        logger.LogInformation("worker {Worker} ready (silo {Silo})", Name, address);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                JobLease lease;
                try
                {
                    lease = await board.Lease(Name, address, []);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("cannot reach the job board ({Reason}); retrying", ClusterText.OneLine(ex));
                    await Delay(Retry, stoppingToken);
                    continue;
                }
                if (lease.Kind != LeaseKind.Job)
                {
                    await Delay(Poll, stoppingToken);
                    continue;
                }
                await RunShareAsync(board, address, lease, stoppingToken);
            }
        }
        finally
        {
            _loaded?.Tracker.Dispose();
        }
    }

    private async Task RunShareAsync(IJobBoardGrain board, string address, JobLease lease, CancellationToken stoppingToken)
    {
        if (JobBoard.RunIn(options.OutputDirectory) != lease.RunId)
        {
            logger.LogError("run {Run} was submitted with another output folder than this worker's ({Out} holds no {File} of that run): " +
                "give the worker the shared folder the submitter writes to; this worker takes no job of the run", lease.RunId, options.OutputDirectory, JobBoard.RunFileName);
            await board.Release(lease.RunId, Name, [lease.Job!.Id]);
            await WaitForOtherRunAsync(board, lease.RunId, stoppingToken);
            return;
        }
        BatchTracker tracker;
        try
        {
            tracker = Tracker(lease.Settings!);
        }
        catch (Exception ex) when (ex is SiameseException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            // Not this job's fault: give it back and leave the run to workers that can load the model.
            logger.LogError("cannot load model '{Model}' for run {Run}: {Reason}; this worker takes no job of it", ModelOf(lease.Settings!), lease.RunId, ClusterText.OneLine(ex));
            await board.Release(lease.RunId, Name, [lease.Job!.Id]);
            await WaitForOtherRunAsync(board, lease.RunId, stoppingToken);
            return;
        }
        logger.LogInformation("worker {Worker}: run {Run}, model {Model}", Name, lease.RunId, tracker.Pack.Name);
        var share = new LeasedJobs(board, Name, address, lease, tracker, logger);
        var runner = new BatchRunner(tracker, new BatchRunOptions { OutputDirectory = options.OutputDirectory, Progress = share });
        try
        {
            await runner.RunShareAsync(share.Take(stoppingToken), stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError("worker {Worker}: the batch pipeline stopped ({Reason}); its open jobs go back to the queue", Name, ClusterText.OneLine(ex));
            await Delay(Retry, stoppingToken);
        }
        finally
        {
            share.Complete();
            await share.Sender;
        }
    }

    /// <summary>After this worker cannot take part in a run: waits until the run ends (or another opens).</summary>
    private async Task WaitForOtherRunAsync(IJobBoardGrain board, string runId, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Delay(Poll * 5, stoppingToken);
            try
            {
                var progress = await board.Progress();
                if (progress.RunId != runId || progress.Finished) return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("cannot reach the job board ({Reason}); retrying", ClusterText.OneLine(ex));
            }
        }
    }

    private BatchTracker Tracker(RunSettings settings)
    {
        if (_loaded is { } loaded && loaded.Settings == settings) return loaded.Tracker;
        _loaded?.Tracker.Dispose();
        _loaded = null;
        var tracker = BatchTracker.Create(ModelOf(settings), options.Inference with { Logger = options.Inference.Logger ?? logger },
            options.Batch with { MaxFrames = settings.MaxFrames, AnnotatedVideoDirectory = null });
        _loaded = (settings, tracker);
        return tracker;
    }

    private string ModelOf(RunSettings settings) => settings.Model.Length == 0 ? options.DefaultModel : settings.Model;

    private static async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try { await Task.Delay(delay, cancellationToken); }
        catch (OperationCanceledException) { /* stopping */ }
    }
}
