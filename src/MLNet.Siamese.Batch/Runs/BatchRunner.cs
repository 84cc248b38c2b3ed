using MLNet.Siamese.Output;

namespace MLNet.Siamese.Batch;

/// <summary>
/// Runs a job list with a <see cref="BatchTracker"/> into an output folder:
/// <c>videos/&lt;id&gt;.csv|.json</c> per completed job, the combined <c>tracks.csv</c> and <c>tracks.jsonl</c>
/// (completed jobs in list order) and <c>summary.json</c>. Every file is written atomically, and a job's files appear
/// only once it has completed, so an interrupted run (Ctrl+C, or killed) keeps all completed work and
/// <see cref="BatchRunOptions.Resume"/> carries on from it. Track tables hold no wall-clock values: a resumed run
/// ends with the same tables as an uninterrupted one.
/// </summary>
public sealed class BatchRunner
{
    /// <summary>Folder of the per-video tables inside the output folder.</summary>
    public const string VideosFolder = "videos";

    /// <summary>Name of the run summary inside the output folder.</summary>
    public const string SummaryName = "summary.json";

    private readonly BatchTracker _tracker;
    private readonly BatchRunOptions _options;
    private string _packFingerprint = "";

    /// <summary>Creates a runner; <paramref name="tracker"/> decides model and scheduling.</summary>
    public BatchRunner(BatchTracker tracker, BatchRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OutputDirectory);
        _tracker = tracker;
        _options = options;
    }

    /// <summary>Runs <paramref name="jobs"/>; returns the summary (also written to <c>summary.json</c>).</summary>
    /// <exception cref="OutputFolderInUseException">Another run is using the output folder (nothing in it is touched).</exception>
    /// <exception cref="OutputException">The output folder or a combined file cannot be written.</exception>
    /// <exception cref="ArgumentException">Two jobs share an id.</exception>
    public async Task<BatchSummary> RunAsync(IReadOnlyList<BatchJob> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (jobs.GroupBy(j => j.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"job id '{twice.Key}' is used by more than one job", nameof(jobs));
        string root = Path.GetFullPath(_options.OutputDirectory);
        CreateDirectory(root);
        // Before anything in the folder is read or removed: a second run fails here and leaves the first one's work alone.
        using var folderLock = OutputFolderLock.Acquire(root);
        string videos = Path.Combine(root, VideosFolder);
        CreateDirectory(videos);
        RemovePartialFiles(root);
        _packFingerprint = PackFingerprint();

        var outcomes = new Dictionary<string, JobOutcome>(StringComparer.Ordinal);
        var toRun = new List<BatchJob>();
        foreach (var job in jobs)
        {
            if (_options.Resume && CompletedEarlier(job, videos) is { } skipped)
            {
                outcomes[job.Id] = skipped;
                continue;
            }
            JobOutputFiles.Delete(videos, job.Id);
            toRun.Add(job);
        }

        try
        {
            await RunJobsAsync(toRun, videos, outcomes, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not one job's error (those end their job only): the jobs still open fail with it, completed ones stay.
            string reason = "the batch pipeline stopped: " + ex.Message.Split('\n', 2)[0].Trim();
            foreach (var job in toRun.Where(j => !outcomes.ContainsKey(j.Id)))
            {
                outcomes[job.Id] = new JobOutcome(JobStatus.Failed, 0, 0, reason);
                _options.Progress?.JobFinished(job, outcomes[job.Id]);
            }
        }

        var done = jobs.Where(j => outcomes[j.Id].Status is JobStatus.Completed or JobStatus.Skipped).Select(j => j.Id);
        CombinedTables.Write(root, videos, done, _tracker.Pack.Name);
        var summary = new BatchSummary
        {
            Model = _tracker.Pack.Name,
            Device = _tracker.Device.ToString(),
            Options = _tracker.Options,
            Jobs = jobs.Select(j => new JobSummary(j.Id, j.Video, j.Targets.Count, outcomes[j.Id])).ToList(),
            Statistics = _tracker.Statistics,
            Resources = ResourceUsage.Capture(),
            Interrupted = cancellationToken.IsCancellationRequested,
        };
        AtomicFile.WriteAllText(Path.Combine(root, SummaryName), BatchSummaryJson.Serialize(summary));
        return summary;
    }

    /// <summary>
    /// Runs one share of a run's jobs into an output folder that other processes write into at the same time (a cluster
    /// worker's leased jobs; see MLNet.Siamese.Cluster): the per-job files and completion markers exactly as
    /// <see cref="RunAsync"/> writes them, a job whose marker still vouches for its outputs skipped as with
    /// <see cref="BatchRunOptions.Resume"/> (the markers are the record of what is done). No folder lock, no removal of
    /// partial files, no combined tables or summary: whoever owns the whole run writes those once every job has ended.
    /// <paramref name="jobs"/> is enumerated lazily (it may wait for work); each job's end goes to
    /// <see cref="BatchRunOptions.Progress"/>, whose <see cref="IBatchProgress.JobFinished"/> must then be thread-safe
    /// (skipped jobs are reported from the enumerating thread).
    /// </summary>
    /// <exception cref="OutputException">The output folder cannot be created.</exception>
    internal async Task RunShareAsync(IEnumerable<BatchJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        string videos = Path.Combine(Path.GetFullPath(_options.OutputDirectory), VideosFolder);
        CreateDirectory(videos);
        _packFingerprint = PackFingerprint();
        await RunJobsAsync(NotCompleted(jobs, videos), videos, new Dictionary<string, JobOutcome>(StringComparer.Ordinal), cancellationToken);
    }

    private IEnumerable<BatchJob> NotCompleted(IEnumerable<BatchJob> jobs, string videos)
    {
        foreach (var job in jobs)
        {
            if (CompletedEarlier(job, videos) is not null) continue;
            JobOutputFiles.Delete(videos, job.Id);
            yield return job;
        }
    }

    /// <summary>The outcome of a job whose completion marker still vouches for its outputs (reported as skipped), or null.</summary>
    private JobOutcome? CompletedEarlier(BatchJob job, string videos)
    {
        if (JobMarker.TryRead(JobOutputFiles.MarkerPath(videos, job.Id)) is not { } marker) return null;
        string? stale = marker.Check(Fingerprint(job), JobOutputFiles.CsvPath(videos, job.Id), JobOutputFiles.JsonPath(videos, job.Id), VideoPath(job));
        if (stale is not null)
        {
            _options.Progress?.Warning(job, stale + ": running it again");
            return null;
        }
        var outcome = new JobOutcome(JobStatus.Skipped, marker.Frames, marker.Records);
        _options.Progress?.JobFinished(job, outcome);
        return outcome;
    }

    private async Task RunJobsAsync(IEnumerable<BatchJob> jobs, string videos, Dictionary<string, JobOutcome> outcomes, CancellationToken cancellationToken)
    {
        var open = new Dictionary<string, (JobOutputFiles Files, long Frames)>(StringComparer.Ordinal);
        var unwritable = new Dictionary<string, OutputException>(StringComparer.Ordinal);
        var progress = _options.Progress;
        try
        {
            await foreach (var e in _tracker.RunAsync(jobs, cancellationToken))
            {
                string id = e.Job.Id;
                switch (e)
                {
                    case JobStarted s:
                        try { open[id] = (new JobOutputFiles(videos, id), 0); }
                        catch (OutputException ex) { unwritable[id] = ex; }
                        progress?.JobStarted(s.Job, s.ExpectedFrames);
                        break;
                    case FrameTracked f when open.ContainsKey(id):
                        var (files, frames) = open[id];
                        files.Write(f.Records);
                        open[id] = (files, frames + 1);
                        progress?.FramesTracked(f.Job, frames + 1);
                        break;
                    case JobFinished j:
                        outcomes[id] = unwritable.Remove(id, out var error)
                            ? j.Outcome with { Status = JobStatus.Failed, Error = error.Message }
                            : Finish(j, open, videos);
                        progress?.JobFinished(j.Job, outcomes[id]);
                        break;
                }
            }
        }
        finally
        {
            foreach (var (files, _) in open.Values) files.Dispose();
        }
    }

    private JobOutcome Finish(JobFinished finished, Dictionary<string, (JobOutputFiles Files, long Frames)> open, string videos)
    {
        var outcome = finished.Outcome;
        if (!open.Remove(finished.Job.Id, out var entry)) return outcome;
        using var files = entry.Files;
        if (outcome.Status != JobStatus.Completed) return outcome;
        try
        {
            files.Commit(fingerprint: Fingerprint(finished.Job), outcome, VideoPath(finished.Job));
            return outcome;
        }
        catch (OutputException ex)
        {
            JobOutputFiles.Delete(videos, finished.Job.Id);
            return outcome with { Status = JobStatus.Failed, Error = ex.Message };
        }
    }

    private string Fingerprint(BatchJob job) => JobMarker.FingerprintOf(job, _packFingerprint, _tracker.Device.ToString(), _tracker.Options);

    /// <summary>The job's annotated video when this run renders them (a marker then vouches for it too).</summary>
    private string? VideoPath(BatchJob job) =>
        _tracker.Options.AnnotatedVideoDirectory is { } dir ? Path.Combine(Path.GetFullPath(dir), job.Id + ".mp4") : null;

    /// <summary>The pack's content hash; when its files cannot be read back, a value no marker holds (nothing is skipped).</summary>
    private string PackFingerprint()
    {
        try
        {
            return ContentFingerprint.OfPack(_tracker.Pack);
        }
        catch (OutputException)
        {
            return "unreadable:" + Guid.NewGuid().ToString("N");
        }
    }

    private static void CreateDirectory(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(path, "cannot create the output folder: " + ex.Message, ex);
        }
    }

    /// <summary>Removes what a killed run was still writing (it never completed; the job runs again).</summary>
    internal static void RemovePartialFiles(string root)
    {
        foreach (var file in Directory.EnumerateFiles(root, "*" + AtomicFile.PartialMarker + "*", SearchOption.AllDirectories))
        {
            try { File.Delete(file); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* best effort: it is overwritten when the job runs again */ }
        }
    }
}
