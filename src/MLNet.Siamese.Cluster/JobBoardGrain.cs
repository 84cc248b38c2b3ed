using Microsoft.Extensions.Logging;
using MLNet.Siamese.Batch;

namespace MLNet.Siamese.Cluster;

/// <summary>
/// The job board (see <see cref="IJobBoardGrain"/>). Every change is written to grain storage before it is answered,
/// so a board re-activated on another silo carries on with the same leases and reports. Silo liveness comes from
/// Orleans membership (<see cref="IClusterMembershipService"/>): jobs of a silo it declares dead, or that is shutting
/// down, are given to the next worker that asks. Orleans runs one call at a time on a grain, so the state needs no lock.
/// </summary>
internal sealed class JobBoardGrain(
    [PersistentState("board", JobBoard.Storage)] IPersistentState<JobBoardState> board,
    IClusterMembershipService membership,
    ILogger<JobBoardGrain> logger) : Grain, IJobBoardGrain
{
    private JobBoardState State => board.State;

    public async Task<SubmitResult> Submit(string runId, RunSettings settings, List<ClusterJob> jobs)
    {
        bool finished = State.Reports.Count == State.Jobs.Count;
        if (State.RunId == runId && !finished) return new SubmitResult(true, true, null);
        if (State.RunId.Length > 0 && !finished)
            return new SubmitResult(false, false,
                $"the cluster is running another job list ({State.Reports.Count} of {State.Jobs.Count} jobs done): wait for it, or use another --cluster-id");
        board.State = new JobBoardState { RunId = runId, Settings = settings, Jobs = jobs };
        await SaveAsync();
        logger.LogInformation("run {Run} submitted: {Jobs} jobs", runId, jobs.Count);
        return new SubmitResult(true, false, null);
    }

    public async Task<JobLease> Lease(string worker, string silo, List<string> holding)
    {
        if (State.RunId.Length == 0 || State.Reports.Count == State.Jobs.Count) return new JobLease(LeaseKind.Idle, State.RunId, null, null);
        bool changed = RequeueJobsOfDeadSilos() | ReleaseOrphans(worker, silo, holding);
        var ended = State.Reports.Select(r => r.JobId).ToHashSet(StringComparer.Ordinal);
        var next = State.Jobs.FirstOrDefault(j => !ended.Contains(j.Id) && !State.Leases.ContainsKey(j.Id));
        if (next is not null)
        {
            State.Leases[next.Id] = new JobHolder(worker, silo);
            changed = true;
        }
        if (changed) await SaveAsync();
        return next is null
            ? new JobLease(LeaseKind.Wait, State.RunId, State.Settings, null)
            : new JobLease(LeaseKind.Job, State.RunId, State.Settings, next);
    }

    public async Task Finish(string runId, string worker, JobReport report)
    {
        if (runId != State.RunId || State.Reports.Any(r => r.JobId == report.JobId)) return; // another run's, or reported already
        if (!State.Jobs.Any(j => j.Id == report.JobId)) return;
        if (report.Status == JobStatus.Cancelled)
        {
            // The worker stopped before the job ended: it runs again on the next worker that asks.
            if (State.Leases.TryGetValue(report.JobId, out var holder) && holder.Worker == worker) State.Leases.Remove(report.JobId);
        }
        else
        {
            // The first report of a job counts (a worker declared dead too early may still finish it: its files are
            // the same bytes, written atomically).
            State.Leases.Remove(report.JobId);
            State.Reports.Add(report);
        }
        await SaveAsync();
    }

    public async Task Release(string runId, string worker, List<string> jobIds)
    {
        if (runId != State.RunId) return;
        bool changed = false;
        foreach (var id in jobIds)
            if (State.Leases.TryGetValue(id, out var holder) && holder.Worker == worker)
                changed |= State.Leases.Remove(id);
        if (changed) await SaveAsync();
    }

    public async Task<RunProgress> Progress()
    {
        if (RequeueJobsOfDeadSilos()) await SaveAsync();
        if (State.RunId.Length == 0) return new RunProgress(null, 0, 0, 0, [], [], 0);
        var workers = State.Leases.Values.GroupBy(h => h.Worker).ToDictionary(g => g.Key, g => g.Count());
        int pending = State.Jobs.Count - State.Reports.Count - State.Leases.Count;
        return new RunProgress(State.RunId, State.Jobs.Count, pending, State.Leases.Count, [.. State.Reports], workers, State.Requeued);
    }

    /// <summary>
    /// Frees jobs recorded for this worker that it does not hold: leases whose answer never reached it (the call failed
    /// after the state was written, e.g. while the store restarted). True when any was freed.
    /// </summary>
    private bool ReleaseOrphans(string worker, string silo, List<string> holding)
    {
        var orphans = State.Leases.Where(l => l.Value.Worker == worker && l.Value.Silo == silo && !holding.Contains(l.Key)).Select(l => l.Key).ToList();
        foreach (var job in orphans)
        {
            State.Leases.Remove(job);
            logger.LogWarning("job {Job}: leased to {Worker}, which does not hold it; the job goes back to the queue", job, worker);
        }
        return orphans.Count > 0;
    }

    /// <summary>
    /// Writes the state. When that fails (store unreachable, or a write whose answer was lost) the activation is dropped,
    /// so the next call starts from what the store holds instead of changes it may not have.
    /// </summary>
    private async Task SaveAsync()
    {
        try
        {
            await board.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Frees the jobs of silos that membership says are dead or stopping; true when any was freed.</summary>
    private bool RequeueJobsOfDeadSilos()
    {
        var snapshot = membership.CurrentSnapshot;
        var gone = State.Leases.Where(l => IsGone(snapshot, l.Value.Silo)).ToList();
        foreach (var (job, holder) in gone)
        {
            State.Leases.Remove(job);
            State.Requeued++;
            logger.LogWarning("job {Job}: worker {Worker} left the cluster; the job goes back to the queue", job, holder.Worker);
        }
        return gone.Count > 0;
    }

    private static bool IsGone(ClusterMembershipSnapshot snapshot, string silo)
    {
        SiloAddress address;
        try
        {
            address = SiloAddress.FromParsableString(silo);
        }
        catch (FormatException)
        {
            return true;
        }
        // Dead (declared by its peers, or a newer silo took its endpoint), shutting down or stopping. A silo this
        // snapshot does not know yet (None) has just joined: it keeps its jobs.
        return snapshot.GetSiloStatus(address).IsTerminating();
    }
}
