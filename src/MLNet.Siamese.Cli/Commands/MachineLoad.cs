namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// Busy processor time of the whole machine from <c>/proc/stat</c> (Linux): a benchmark subtracts its own processor time
/// to see how much other processes took meanwhile. On a shared machine (Linux autogroup gives each busy session an
/// equal share) that decides whether a multi-threaded run could use every core at all.
/// </summary>
internal static class MachineLoad
{
    private const double MsPerTick = 10; // USER_HZ = 100

    /// <summary>Busy milliseconds of all processors since boot, or null where /proc/stat is missing.</summary>
    public static double? BusyMs()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // cpu user nice system idle iowait irq softirq steal ...: busy = all but idle and iowait.
            long busy = 0;
            for (int i = 1; i < Math.Min(fields.Length, 9); i++)
                if (i != 4 && i != 5) busy += long.Parse(fields[i]);
            return busy * MsPerTick;
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }
}
