using System.Globalization;
using MLNet.Siamese.Batch;
using MLNet.Siamese.Cluster;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>A cluster run's progress and closing lines on stderr.</summary>
internal sealed class ClusterProgressText(int jobs, bool enabled) : IClusterProgress
{
    private int _ended;

    public void Submitted(int count, bool resumed)
    {
        if (enabled) Console.Error.WriteLine(resumed ? $"cluster: following the run already open ({count} jobs)" : $"cluster: submitted {count} jobs");
    }

    public void JobFinished(BatchJob job, string worker, JobOutcome outcome)
    {
        _ended++;
        if (!enabled && outcome.Status != JobStatus.Failed) return;
        string what = outcome.Status switch
        {
            JobStatus.Completed => $"done {job.Id} on {worker}: {outcome.Frames} frames",
            JobStatus.Skipped => $"already done {job.Id} (its completion marker vouches for it; checked by {worker})",
            _ => $"FAILED {job.Id} on {worker}: {outcome.Error}",
        };
        Console.Error.WriteLine($"[{_ended}/{jobs}] {what}");
    }

    public void Changed(ClusterProgress p)
    {
        if (!enabled) return;
        Console.Error.WriteLine($"progress: {p.Ended}/{p.Total} jobs ended ({p.Failed} failed), {p.Running} running on {p.Workers} workers" +
            (p.Requeued > 0 ? $", {p.Requeued} requeued after a worker died" : ""));
    }

    public void Warning(string message) => Console.Error.WriteLine("warning: " + message);

    public static void PrintSummary(BatchSummary s, string outDir)
    {
        var st = s.Statistics;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster{(s.Interrupted ? " (interrupted)" : "")}: {s.Completed + s.Skipped} of {s.Jobs.Count} videos complete ({s.Skipped} checked from completion markers), " +
            $"{s.Failed} failed; {st.Frames} frames in {st.Elapsed.TotalSeconds:0.0} s ({st.FramesPerSecond:0} frames/s, {st.InferenceMode}) -> {outDir}"));
        foreach (var j in s.Jobs.Where(j => j.Outcome.Status == JobStatus.Failed))
            Console.Error.WriteLine($"  FAILED {j.Id}: {j.Outcome.Error}");
    }
}
