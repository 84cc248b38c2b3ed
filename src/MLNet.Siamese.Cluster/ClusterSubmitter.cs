using MLNet.Siamese.Batch;
using MLNet.Siamese.Output;

namespace MLNet.Siamese.Cluster;

/// <summary>
/// Submits a job list to a cluster once, follows it to its end and writes the combined tables and
/// <c>summary.json</c> into the shared output folder, exactly as <c>siamese batch</c> writes them: the tables are
/// built from the per-job files in job-list order, so they are byte-identical to a single-machine batch of the same
/// list. Submitting the same list again follows the run already open (or, if the board lost it, opens it again:
/// the completion markers in the folder keep every finished job).
/// </summary>
public static class ClusterSubmitter
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>Runs <paramref name="jobs"/> on the cluster; returns the summary (also written to <c>summary.json</c>).</summary>
    /// <remarks>Cancelling stops following the run (the workers go on); the summary then says interrupted and no table is written.</remarks>
    /// <exception cref="ArgumentException">Two jobs share an id, or an option is invalid.</exception>
    /// <exception cref="ClusterException">The cluster cannot be reached, stays unreachable, or is busy with another job list.</exception>
    /// <exception cref="OutputFolderInUseException">A batch run or another submitter is using the output folder.</exception>
    /// <exception cref="OutputException">The output folder or a combined table cannot be written.</exception>
    public static async Task<BatchSummary> RunAsync(IReadOnlyList<BatchJob> jobs, ClusterSubmitOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(options);
        if (jobs.GroupBy(j => j.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"job id '{twice.Key}' is used by more than one job", nameof(jobs));
        ClusterMembership.Validate(options.Membership);
        var settings = new RunSettings(options.Model is null ? "" : Path.GetFullPath(options.Model), options.MaxFrames);
        var clusterJobs = jobs.Select(ClusterJob.From).ToList();
        string runId = RunIds.Of(settings, clusterJobs);
        string root = Path.GetFullPath(options.OutputDirectory);
        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(root, "cannot create the output folder: " + ex.Message, ex);
        }
        // This machine's batch runs and submitters stay out of the folder until the run's tables are written.
        using var folderLock = OutputFolderLock.Acquire(root);
        var started = DateTime.UtcNow;

        await using var client = await ClusterClient.ConnectAsync(options, cancellationToken);
        var board = JobBoard.Get(client.Grains, options.ClusterId);
        AtomicFile.WriteAllText(Path.Combine(root, JobBoard.RunFileName), runId + "\n");
        await SubmitAsync(board, runId, settings, clusterJobs, options, cancellationToken);
        var reports = await FollowAsync(board, runId, settings, clusterJobs, options, cancellationToken);
        return ClusterTables.Finish(root, jobs, reports, settings, DateTime.UtcNow - started, interrupted: reports is null);
    }

    private static async Task SubmitAsync(IJobBoardGrain board, string runId, RunSettings settings, List<ClusterJob> jobs,
        ClusterSubmitOptions options, CancellationToken cancellationToken)
    {
        SubmitResult result;
        try
        {
            result = await board.Submit(runId, settings, jobs).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ClusterException($"cannot submit the job list to cluster '{options.ClusterId}': {ClusterText.OneLine(ex)}", ex);
        }
        if (!result.Accepted) throw new ClusterException($"cluster '{options.ClusterId}': {result.Message}");
        options.Progress?.Submitted(jobs.Count, result.Resumed);
    }

    /// <summary>Polls the board until every job ended; the reports by job id, or null when cancelled.</summary>
    private static async Task<Dictionary<string, JobReport>?> FollowAsync(IJobBoardGrain board, string runId, RunSettings settings,
        List<ClusterJob> jobs, ClusterSubmitOptions options, CancellationToken cancellationToken)
    {
        var progress = options.Progress;
        var byId = jobs.ToDictionary(j => j.Id, StringComparer.Ordinal);
        var seen = new Dictionary<string, JobReport>(StringComparer.Ordinal);
        ClusterProgress? last = null;
        var lastContact = DateTime.UtcNow;
        while (true)
        {
            RunProgress now;
            try
            {
                now = await board.Progress().WaitAsync(cancellationToken);
                if (now.RunId != runId)
                {
                    // The board's state was lost (membership store emptied): open the run again; the completion
                    // markers in the shared folder keep every job that finished.
                    progress?.Warning($"the job board no longer holds this run ({now.RunId ?? "empty"}): submitting it again (completed jobs are kept)");
                    await SubmitAsync(board, runId, settings, jobs, options, cancellationToken);
                    continue;
                }
                lastContact = DateTime.UtcNow;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (ClusterException)
            {
                throw;
            }
            catch (Exception ex)
            {
                var lost = DateTime.UtcNow - lastContact;
                if (lost > options.LostTimeout)
                    throw new ClusterException(
                        $"lost cluster '{options.ClusterId}' for {lost.TotalSeconds:0} s ({ClusterText.OneLine(ex)}); the workers go on: run the same command again to follow the run and write the tables", ex);
                progress?.Warning($"cluster unreachable ({ClusterText.OneLine(ex)}); retrying");
                if (await Sleep(Poll * 2, cancellationToken)) return null;
                continue;
            }
            foreach (var report in now.Reports.Where(r => seen.TryAdd(r.JobId, r)))
                progress?.JobFinished(byId[report.JobId].ToBatch(), report.Worker, new JobOutcome(report.Status, report.Frames, report.Records, report.Error));
            var counts = new ClusterProgress(now.Total, now.Reports.Count, now.Reports.Count(r => r.Status == JobStatus.Failed),
                now.Running, now.Workers.Count, now.Requeued);
            if (counts != last) progress?.Changed(counts);
            last = counts;
            if (now.Finished) return seen;
            if (await Sleep(Poll, cancellationToken)) return null;
        }
    }

    /// <summary>Waits; true when cancelled.</summary>
    private static async Task<bool> Sleep(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }
}
