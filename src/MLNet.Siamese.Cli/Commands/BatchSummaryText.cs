using System.Globalization;
using MLNet.Siamese.Batch;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>The closing lines of <c>siamese batch</c> on stderr: counts, speed, where the time went, memory, failures.</summary>
internal static class BatchSummaryText
{
    public static void Print(BatchSummary s, string outDir)
    {
        var st = s.Statistics;
        var r = s.Resources;
        var c = CultureInfo.InvariantCulture;
        var e = Console.Error;
        e.WriteLine(string.Create(c, $"batch{(s.Interrupted ? " (interrupted)" : "")}: {s.Completed + s.Skipped} of {s.Jobs.Count} videos complete " +
            $"({s.Skipped} from an earlier run), {s.Failed} failed, {s.Cancelled} cancelled; {st.Frames} frames in {st.Elapsed.TotalSeconds:0.0} s " +
            $"({st.FramesPerSecond:0} frames/s) -> {outDir}"));
        e.WriteLine(string.Create(c, $"  inference: {st.InferenceMode}; {st.ModelCalls} model calls, mean batch {st.MeanBatchSize:0.0}"));
        e.WriteLine(string.Create(c, $"  busy time: decode {st.Decode.TotalMilliseconds:0} ms, crop {st.Crop.TotalMilliseconds:0} ms, " +
            $"inference {st.Inference.TotalMilliseconds:0} ms, box decode {st.BoxDecode.TotalMilliseconds:0} ms, template init {st.TemplateInit.TotalMilliseconds:0} ms"));
        e.WriteLine(string.Create(c, $"  memory: peak working set {r.PeakWorkingSetBytes / 1048576.0:0} MiB, managed heap {r.ManagedHeapBytes / 1048576.0:0} MiB, " +
            $"GC {r.Gen0Collections}/{r.Gen1Collections}/{r.Gen2Collections}, pause {r.GcPause.TotalMilliseconds:0} ms"));
        foreach (var j in s.Jobs.Where(j => j.Outcome.Status == JobStatus.Failed))
            e.WriteLine($"  FAILED {j.Id}: {j.Outcome.Error}");
        if (s.Interrupted) e.WriteLine("  rerun with --resume to finish the remaining videos");
    }
}
