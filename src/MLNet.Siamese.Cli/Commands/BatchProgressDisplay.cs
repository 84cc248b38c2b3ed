using MLNet.Siamese.Batch;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// Shows a batch run's progress on stderr: live bars (overall and per video) on a terminal, plain periodic lines when
/// stderr is redirected (logs, CI), nothing with --quiet.
/// </summary>
internal abstract class BatchProgressDisplay : IBatchProgress
{
    public static BatchProgressDisplay Create(IReadOnlyList<BatchJob> jobs, bool quiet) =>
        quiet || Console.IsErrorRedirected ? new PlainBatchProgress(jobs.Count, enabled: !quiet) : new SpectreBatchProgress(jobs.Count);

    /// <summary>Runs <paramref name="run"/> with this display receiving its progress; returns its result.</summary>
    public abstract BatchSummary Run(Func<IBatchProgress, Task<BatchSummary>> run);

    public abstract void JobStarted(BatchJob job, long? expectedFrames);

    public abstract void FramesTracked(BatchJob job, long framesDone);

    public abstract void JobFinished(BatchJob job, JobOutcome outcome);

    /// <summary>Printed even with --quiet, like failures.</summary>
    public virtual void Warning(BatchJob job, string message) => Console.Error.WriteLine($"warning: job {job.Id}: {message}");
}
