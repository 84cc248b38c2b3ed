using MLNet.Siamese.Batch;
using MLNet.Siamese.Output;

namespace MLNet.Siamese.Cluster;

/// <summary>The end of a cluster run on the submitter: the combined tables and <c>summary.json</c>, as batch writes them.</summary>
internal static class ClusterTables
{
    /// <param name="root">The shared output folder.</param>
    /// <param name="jobs">The job list, in list order.</param>
    /// <param name="reports">How each job ended; null when the submitter stopped following the run (nothing is written then).</param>
    /// <param name="settings">The run's settings.</param>
    /// <param name="elapsed">Wall time from submission to the last job's end.</param>
    /// <param name="interrupted">True when the submitter was stopped.</param>
    /// <exception cref="OutputException">A combined table cannot be written.</exception>
    public static BatchSummary Finish(string root, IReadOnlyList<BatchJob> jobs, Dictionary<string, JobReport>? reports, RunSettings settings,
        TimeSpan elapsed, bool interrupted)
    {
        reports ??= [];
        var ended = reports.Values.ToList();
        string model = ended.Select(r => r.Model).FirstOrDefault(m => m.Length > 0)
            ?? (settings.Model.Length == 0 ? "default" : Path.GetFileName(settings.Model.TrimEnd('/', '\\')));
        var summary = new BatchSummary
        {
            Model = model,
            Device = string.Join(",", ended.Select(r => r.Device).Distinct().Order(StringComparer.Ordinal)),
            Options = new BatchOptions { MaxFrames = settings.MaxFrames },
            Jobs = jobs.Select(j => new JobSummary(j.Id, j.Video, j.Targets.Count, reports.TryGetValue(j.Id, out var r)
                ? new JobOutcome(r.Status, r.Frames, r.Records, r.Error)
                : new JobOutcome(JobStatus.Cancelled, 0, 0))).ToList(),
            Statistics = new BatchStatistics
            {
                Elapsed = elapsed,
                Frames = ended.Where(r => r.Status == JobStatus.Completed).Sum(r => r.Frames),
                InferenceMode = $"cluster: {ended.Select(r => r.Worker).Distinct().Count()} workers",
            },
            Resources = ResourceUsage.Capture(),
            Interrupted = interrupted,
        };
        if (interrupted) return summary;
        // Every job has ended: what is still partial was left by a worker that died, and no one finishes it.
        BatchRunner.RemovePartialFiles(root);
        string videos = Path.Combine(root, BatchRunner.VideosFolder);
        var done = summary.Jobs.Where(j => j.Outcome.Status is JobStatus.Completed or JobStatus.Skipped).Select(j => j.Id);
        CombinedTables.Write(root, videos, done, model);
        AtomicFile.WriteAllText(Path.Combine(root, BatchRunner.SummaryName), BatchSummaryJson.Serialize(summary));
        return summary;
    }
}
