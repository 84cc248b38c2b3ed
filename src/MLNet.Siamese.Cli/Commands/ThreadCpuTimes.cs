using System.Diagnostics;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// Processor time per thread group of this process, from <c>/proc/self/task/*/stat</c> (Linux): shows where CPU goes
/// in the pipeline without the preemption that inflates wall-clock stage timings on a busy machine. Threads end with
/// their video or run, so <see cref="Sample"/> is called periodically and keeps each thread's last reading; what the
/// samples missed is reported as "unattributed".
/// </summary>
internal sealed class ThreadCpuTimes
{
    private readonly Dictionary<int, (string Name, long Ticks)> _threads;
    private readonly TimeSpan _process;

    private ThreadCpuTimes(Dictionary<int, (string, long)> threads, TimeSpan process)
    {
        _threads = threads;
        _process = process;
    }

    /// <summary>False where /proc is not available.</summary>
    public static bool Supported => Directory.Exists("/proc/self/task");

    public static ThreadCpuTimes Capture()
    {
        var threads = new Dictionary<int, (string, long)>();
        if (Supported)
            foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
                if (int.TryParse(Path.GetFileName(dir), out int tid) && Read(dir) is { } t)
                    threads[tid] = t;
        using var p = Process.GetCurrentProcess();
        return new ThreadCpuTimes(threads, p.TotalProcessorTime);
    }

    /// <summary>Adds a reading of the live threads (keeping, for each thread, its latest figure).</summary>
    public void Sample()
    {
        foreach (var (tid, t) in Capture()._threads) _threads[tid] = t;
    }

    /// <summary>Starts sampling every 250 ms until the returned object is disposed; the result accumulates into a fresh instance.</summary>
    public static (ThreadCpuTimes Times, IDisposable Stop) StartSampling()
    {
        var times = Capture();
        var timer = new Timer(_ => { lock (times) times.Sample(); }, null, 250, 250);
        return (times, timer);
    }

    /// <summary>Milliseconds of processor time per group (decode, crop, inference, box decode, thread pool, other, ended) since <paramref name="before"/>.</summary>
    public List<(string Group, double Ms)> Since(ThreadCpuTimes before)
    {
        const double MsPerTick = 10; // USER_HZ = 100 on Linux
        var groups = new Dictionary<string, double>();
        double live = 0;
        foreach (var (tid, (name, ticks)) in _threads)
        {
            long delta = ticks - (before._threads.TryGetValue(tid, out var b) && b.Name == name ? b.Ticks : 0);
            if (delta <= 0) continue;
            string group = Group(name);
            groups[group] = groups.GetValueOrDefault(group) + delta * MsPerTick;
            live += delta * MsPerTick;
        }
        using var p = Process.GetCurrentProcess();
        double missed = (p.TotalProcessorTime - before._process).TotalMilliseconds - live;
        if (missed > 0) groups["unattributed"] = missed;
        return groups.OrderByDescending(g => g.Value).Select(g => (g.Key, g.Value)).ToList();
    }

    private static string Group(string name) => name switch
    {
        _ when name.StartsWith("siamese-decode", StringComparison.Ordinal) => "decode",
        _ when name.StartsWith("siamese-crop", StringComparison.Ordinal) => "crop (+ template init)",
        _ when name.StartsWith("siamese-infer", StringComparison.Ordinal) => "inference",
        _ when name.StartsWith("siamese-boxes", StringComparison.Ordinal) => "box decode",
        _ when name.Contains("TP Worker", StringComparison.Ordinal) || name.Contains(".NET TP", StringComparison.Ordinal) => "thread pool (drivers, events)",
        _ => "other (" + name + ")",
    };

    private static (string, long)? Read(string dir)
    {
        try
        {
            // Fields after the parenthesised name: state is field 3, utime 14, stime 15 (1-based).
            string stat = File.ReadAllText(Path.Combine(dir, "stat"));
            int close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            string name = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
            return (name, long.Parse(fields[11]) + long.Parse(fields[12]));
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return null; // the thread ended while we looked
        }
    }
}
