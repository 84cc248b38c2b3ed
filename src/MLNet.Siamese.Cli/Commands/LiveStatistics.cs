using System.Diagnostics;
using System.Globalization;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>What <c>siamese track</c> reports about a live source: frames captured, tracked and dropped, end-to-end latency.</summary>
internal sealed class LiveStatistics
{
    private readonly List<double> _latencyMs = [];

    /// <summary>Records the latency of the frame just written: from its capture by the reader thread to its box written out.</summary>
    public void Add(LiveFrameSource source) =>
        _latencyMs.Add(Stopwatch.GetElapsedTime(source.LastCaptureTimestamp).TotalMilliseconds);

    /// <summary>One line: counts, drop rate, latency mean / 95th percentile / max, reconnections, and why the source ended.</summary>
    public string Summary(LiveFrameSource source, long tracked)
    {
        var c = CultureInfo.InvariantCulture;
        long captured = source.CapturedFrames, dropped = source.DroppedFrames;
        string latency = "no frame";
        if (_latencyMs.Count > 0)
        {
            var sorted = _latencyMs.Order().ToArray();
            double p95 = sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(0.95 * sorted.Length) - 1)];
            latency = string.Create(c, $"mean {sorted.Average():0.0} ms, p95 {p95:0.0} ms, max {sorted[^1]:0.0} ms");
        }
        string rate = captured > 0 ? string.Create(c, $" ({100.0 * dropped / captured:0.0}%)") : "";
        string end = source.EndReason is { } reason ? $"; {reason}" : "";
        return string.Create(c, $"live {source.Path}: {captured} frames captured, {tracked} tracked, {dropped} dropped{rate}; latency capture to box {latency}; {source.ReconnectCount} reconnection(s){end}");
    }
}
