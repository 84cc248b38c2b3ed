using System.Diagnostics;

namespace MLNet.Siamese.Batch;

/// <summary>Process memory and garbage-collector figures, for run summaries (they are not deterministic).</summary>
/// <param name="PeakWorkingSetBytes">Peak resident memory of the process so far (native buffers included).</param>
/// <param name="WorkingSetBytes">Resident memory now.</param>
/// <param name="ManagedHeapBytes">Managed heap size after the last collection.</param>
/// <param name="TotalAllocatedBytes">Managed bytes allocated since the process started.</param>
/// <param name="Gen0Collections">Generation-0 collections.</param>
/// <param name="Gen1Collections">Generation-1 collections.</param>
/// <param name="Gen2Collections">Generation-2 collections.</param>
/// <param name="GcPause">Total time the runtime was paused for collections.</param>
public sealed record ResourceUsage(long PeakWorkingSetBytes, long WorkingSetBytes, long ManagedHeapBytes, long TotalAllocatedBytes,
    int Gen0Collections, int Gen1Collections, int Gen2Collections, TimeSpan GcPause)
{
    /// <summary>Reads the figures now.</summary>
    public static ResourceUsage Capture()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new ResourceUsage(process.PeakWorkingSet64, process.WorkingSet64, GC.GetGCMemoryInfo().HeapSizeBytes,
            GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
    }
}
