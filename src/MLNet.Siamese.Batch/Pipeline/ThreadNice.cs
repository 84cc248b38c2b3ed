using System.Runtime.InteropServices;

namespace MLNet.Siamese.Batch;

/// <summary>
/// Lowers the scheduling priority of the calling thread on Linux (a per-thread nice value). Decoder threads only work
/// ahead of tracking, so on a machine with few cores they should yield to the threads on the critical path (crop,
/// inference) instead of taking turns with them. Best effort: does nothing elsewhere or on failure.
/// </summary>
internal static unsafe class ThreadNice
{
    private const int PrioProcess = 0; // with a thread id, setpriority applies to that thread only (Linux)

    private static readonly (IntPtr GetTid, IntPtr SetPriority) s_libc = Resolve();

    private static (IntPtr, IntPtr) Resolve()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libc.so.6", out var libc)) return (IntPtr.Zero, IntPtr.Zero);
        return NativeLibrary.TryGetExport(libc, "gettid", out var gettid) && NativeLibrary.TryGetExport(libc, "setpriority", out var setpriority)
            ? (gettid, setpriority)
            : (IntPtr.Zero, IntPtr.Zero);
    }

    /// <summary>Sets the calling thread's nice value to <paramref name="nice"/> (higher is lower priority); true when applied.</summary>
    public static bool Lower(int nice)
    {
        var (getTid, setPriority) = s_libc;
        if (getTid == IntPtr.Zero) return false;
        int tid = ((delegate* unmanaged<int>)getTid)();
        return ((delegate* unmanaged<int, uint, int, int>)setPriority)(PrioProcess, (uint)tid, nice) == 0;
    }
}
