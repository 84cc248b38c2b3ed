using System.Globalization;
using System.Text.RegularExpressions;

namespace MLNet.Siamese.Video;

/// <summary>
/// Drains an ffmpeg stderr (run with <c>-loglevel level+info</c>) on a background task so the child never blocks on a
/// full pipe. Keeps the last warnings/errors for messages, notes signs of damaged input, and collects the presentation
/// time of every frame printed by the <c>showinfo</c> filter so the reader can pair them with frames in order.
/// </summary>
/// <remarks>
/// showinfo's own frame counter restarts when ffmpeg rebuilds the filter graph (a mid-stream size change), so lines are
/// numbered here by arrival instead: the k-th showinfo frame line is the k-th decoded frame.
/// </remarks>
internal sealed partial class FfmpegLog
{
    private const int TailLines = 50;
    private readonly object _gate = new();
    private readonly Queue<string> _tail = new();
    private readonly Queue<string> _infoTail = new();
    private readonly List<string> _damage = [];
    private readonly Queue<(long Number, TimeSpan? Time)> _times = new();
    private readonly string? _expectedSize;
    private long _timeBaseNum, _timeBaseDen;
    private long _frameLines;
    private bool _completed;

    /// <summary>Starts draining <paramref name="stderr"/>.</summary>
    /// <param name="stderr">ffmpeg's standard error.</param>
    /// <param name="expectedSize">Decoded frame size the caller relies on; a showinfo frame of another size counts as damage
    /// (ffmpeg would silently rescale it).</param>
    public FfmpegLog(StreamReader stderr, (int Width, int Height)? expectedSize = null)
    {
        _expectedSize = expectedSize is { } e ? $"{e.Width}x{e.Height}" : null;
        Completion = Task.Run(() => PumpAsync(stderr));
    }

    /// <summary>Completes when stderr reaches end of file (the process exited or closed it).</summary>
    public Task Completion { get; }

    /// <summary>True once ffmpeg printed an error, or a warning about corrupt input (truncated or damaged file).</summary>
    public bool HasDamage
    {
        get { lock (_gate) return _damage.Count > 0; }
    }

    /// <summary>The first few lines that signalled damage.</summary>
    public string DamageSummary
    {
        get { lock (_gate) return string.Join(" | ", _damage.Take(5)); }
    }

    /// <summary>The last warning/error lines (or, when there are none, the last info lines), for error messages.</summary>
    public string Tail(int lines = 8)
    {
        lock (_gate)
        {
            var source = _tail.Count > 0 ? _tail : _infoTail;
            var text = string.Join(" | ", source.Skip(Math.Max(0, source.Count - lines)));
            return text.Length > 0 ? text : "no message from ffmpeg";
        }
    }

    /// <summary>
    /// Waits for the showinfo line of frame <paramref name="number"/> (the decoder's output frames, counted from 0).
    /// Returns false only when nothing arrived within <paramref name="timeout"/>; otherwise <paramref name="time"/> is the
    /// frame's presentation time, or null when ffmpeg printed none for it (no pts, or stderr ended).
    /// </summary>
    public bool TryGetTimestamp(long number, TimeSpan timeout, out TimeSpan? time)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        time = null;
        lock (_gate)
        {
            while (true)
            {
                while (_times.Count > 0 && _times.Peek().Number < number) _times.Dequeue();
                if (_times.Count > 0)
                {
                    if (_times.Peek().Number == number) time = _times.Dequeue().Time;
                    return true;
                }
                if (_completed) return true;
                long remaining = deadline - Environment.TickCount64;
                if (remaining <= 0) return false;
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(remaining));
            }
        }
    }

    private async Task PumpAsync(StreamReader stderr)
    {
        try
        {
            while (await stderr.ReadLineAsync().ConfigureAwait(false) is { } line)
                Handle(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process was killed and the pipe closed under us: nothing more to read.
        }
        finally
        {
            lock (_gate)
            {
                _completed = true;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Handle(string line)
    {
        if (line.Contains("Parsed_showinfo", StringComparison.Ordinal))
        {
            HandleShowinfo(line);
            return;
        }
        var level = LevelTag().Match(line);
        string text = level.Success ? line.Remove(level.Index, level.Length) : line;
        string name = level.Success ? level.Groups[1].Value : "info";
        bool isInfo = name is "info" or "verbose" or "debug" or "trace";
        bool damage = name is "error" or "fatal" or "panic"
                      || (name == "warning" && line.Contains("corrupt", StringComparison.OrdinalIgnoreCase));
        lock (_gate)
        {
            var queue = isInfo ? _infoTail : _tail;
            queue.Enqueue(text);
            if (queue.Count > TailLines) queue.Dequeue();
            if (damage && _damage.Count < 20) _damage.Add(text);
        }
    }

    private void HandleShowinfo(string line)
    {
        var frame = ShowinfoFrame().Match(line);
        if (frame.Success)
        {
            TimeSpan? time = null;
            if (long.TryParse(frame.Groups[1].ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pts))
                time = ToTime(pts, frame.Groups[2].Value);
            var size = ShowinfoSize().Match(line);
            lock (_gate)
            {
                long number = _frameLines++;
                if (_expectedSize is not null && size.Success && size.Groups[1].Value != _expectedSize && _damage.Count < 20)
                    _damage.Add($"frame {number} is {size.Groups[1].Value} in the file, not {_expectedSize} like the stream (ffmpeg rescaled it)");
                _times.Enqueue((number, time));
                Monitor.PulseAll(_gate);
            }
            return;
        }
        var tb = ShowinfoTimeBase().Match(line);
        if (tb.Success)
        {
            lock (_gate)
            {
                _timeBaseNum = long.Parse(tb.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
                _timeBaseDen = long.Parse(tb.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>Exact pts × time base in ticks; pts_time (printed with 6 significant digits) only when the base is unknown.</summary>
    private TimeSpan? ToTime(long pts, string ptsTime)
    {
        long num, den;
        lock (_gate) (num, den) = (_timeBaseNum, _timeBaseDen);
        if (num > 0 && den > 0)
        {
            Int128 ticks = (Int128)pts * num * TimeSpan.TicksPerSecond;
            // Round to nearest tick, symmetric for negative pts.
            ticks = ticks >= 0 ? (ticks + den / 2) / den : (ticks - den / 2) / den;
            return ticks > TimeSpan.MaxValue.Ticks || ticks < TimeSpan.MinValue.Ticks ? null : TimeSpan.FromTicks((long)ticks);
        }
        return double.TryParse(ptsTime, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
            ? TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))
            : null;
    }

    [GeneratedRegex(@"\[(panic|fatal|error|warning|info|verbose|debug|trace)\] ")]
    private static partial Regex LevelTag();

    [GeneratedRegex(@"\bn:\s*\d+\s+pts:\s*(\S+)\s+pts_time:(\S+)")]
    private static partial Regex ShowinfoFrame();

    [GeneratedRegex(@"\ss:(\d+x\d+)\b")]
    private static partial Regex ShowinfoSize();

    [GeneratedRegex(@"config in time_base:\s*(\d+)/(\d+)")]
    private static partial Regex ShowinfoTimeBase();
}
