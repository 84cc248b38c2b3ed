using System.Diagnostics;
using MLNet.Siamese.Batch;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>Progress as plain lines: one per finished job and an overall line every few seconds.</summary>
internal sealed class PlainBatchProgress(int jobs, bool enabled) : BatchProgressDisplay
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last;
    private int _finished, _failed;
    private long _frames;

    public override BatchSummary Run(Func<IBatchProgress, Task<BatchSummary>> run) => run(this).GetAwaiter().GetResult();

    public override void JobStarted(BatchJob job, long? expectedFrames) { }

    public override void FramesTracked(BatchJob job, long framesDone)
    {
        _frames++;
        var now = _clock.Elapsed;
        if (!enabled || now - _last < Every) return;
        _last = now;
        Console.Error.WriteLine($"progress: {_finished}/{jobs} videos done ({_failed} failed), {_frames} frames, {_frames / now.TotalSeconds:0} frames/s");
    }

    public override void JobFinished(BatchJob job, JobOutcome outcome)
    {
        _finished++;
        if (outcome.Status == JobStatus.Failed) _failed++;
        if (!enabled) return;
        string what = outcome.Status switch
        {
            JobStatus.Completed => $"done {job.Id}: {outcome.Frames} frames",
            JobStatus.Skipped => $"already done {job.Id} (resumed)",
            JobStatus.Cancelled => $"cancelled {job.Id}",
            _ => $"FAILED {job.Id}: {outcome.Error}",
        };
        Console.Error.WriteLine($"[{_finished}/{jobs}] {what}");
    }
}
