using System.Diagnostics;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// Progress on stderr for long inputs: an updating line on a terminal, a plain line every few seconds otherwise
/// (so logs stay readable). Silent for the first second so short runs print nothing.
/// </summary>
internal sealed class ProgressLine
{
    private readonly long? _total;
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last = TimeSpan.Zero;
    private bool _shown;
    private readonly bool _enabled;

    public ProgressLine(long? total, bool enabled)
    {
        _total = total;
        _enabled = enabled;
    }

    public void Report(long done)
    {
        if (!_enabled) return;
        var now = _clock.Elapsed;
        var every = _interactive ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5);
        if (now < TimeSpan.FromSeconds(1) || now - _last < every) return;
        _last = now;
        _shown = true;
        double fps = done / now.TotalSeconds;
        string of = _total is { } t ? $"/{t} ({100.0 * done / Math.Max(1, t):0}%)" : "";
        string text = $"frame {done}{of}  {fps:0.0} frames/s";
        if (_interactive) Console.Error.Write("\r" + text + "   ");
        else Console.Error.WriteLine(text);
    }

    public void Finish()
    {
        if (_shown && _interactive) Console.Error.WriteLine();
    }
}
