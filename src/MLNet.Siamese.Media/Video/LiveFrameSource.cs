using System.Diagnostics;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Imaging.Codecs;
using OpenCvSharp;

namespace MLNet.Siamese.Video;

/// <summary>
/// Frames of a live source — a camera (<c>"0"</c>, <c>"1"</c>, ...) or a network stream (<c>http://</c>, <c>https://</c>,
/// <c>tcp://</c> or <c>udp://</c> carrying a container such as MPEG-TS) — decoded by OpenCV's <see cref="VideoCapture"/>
/// on a reader thread that keeps only the newest frame. <see cref="ReadNext"/> always returns
/// the newest frame not yet returned, so a slow consumer skips frames (counted in <see cref="DroppedFrames"/>)
/// instead of falling behind; a frame's <see cref="Frame.Index"/> is its capture sequence number (gaps are drops).
/// </summary>
/// <remarks>
/// <para>OpenCvSharp's official runtime builds FFmpeg without network protocols, so the bytes of a network stream are
/// received by <see cref="NetworkStreamPump"/> and handed to OpenCV through a pipe; <c>rtsp://</c>, <c>rtmp://</c> and
/// <c>srt://</c> need FFmpeg's own protocols and are refused with a message saying how to relay them.</para>
/// When no frame arrives for <see cref="LiveSourceOptions.StallTimeout"/> the stream counts as stalled; when the
/// stream ends (the server closed it) or stalls, it is reopened up to <see cref="LiveSourceOptions.Reconnects"/> times,
/// then <see cref="ReadNext"/> returns null and <see cref="EndReason"/> says why. Nothing blocks longer than the stall
/// timeout (plus a reconnection's open).
/// </remarks>
public sealed class LiveFrameSource : IFrameSource
{
    // OpenCV's CAP_PROP_OPEN_TIMEOUT_MSEC and CAP_PROP_READ_TIMEOUT_MSEC (FFmpeg backend), absent from OpenCvSharp's enum.
    private const int OpenTimeoutProperty = 53;
    private const int ReadTimeoutProperty = 54;

    private readonly LiveSourceOptions _options;
    private readonly Uri? _uri;
    private readonly FrameBufferPool _pool;
    private readonly object _gate = new();
    private readonly Thread _reader;
    private readonly long _openedAt = Stopwatch.GetTimestamp();
    private VideoCapture _capture;
    private NetworkStreamPump? _pump;
    private Frame? _latest;
    private long _latestCaptureTicks;
    private long _captured;
    private long _dropped;
    private long _returned;
    private int _reconnects;
    private string? _endReason;
    private bool _stalled;
    private volatile bool _stopping;
    private bool _disposed;

    /// <summary>Opens the camera or stream (waiting at most the stall timeout) and starts reading it.</summary>
    /// <param name="input">A camera index (<c>"0"</c>) or a stream URL.</param>
    /// <param name="options">Pool, stall timeout, reconnections; defaults when null.</param>
    /// <exception cref="FrameSourceException">The camera or stream cannot be opened; names it.</exception>
    /// <exception cref="NativeDependencyException">OpenCV's native library cannot be loaded.</exception>
    public LiveFrameSource(string input, LiveSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        if (!IsLiveInput(input)) throw new ArgumentException($"'{input}' is neither a camera index nor a stream URL", nameof(input));
        _options = options ?? new LiveSourceOptions();
        _options.Validate();
        Path = input;
        _uri = NetworkUri(input);
        _pool = _options.Pool ?? FrameBufferPool.Shared;
        OpenCvRuntime.EnsureLoaded();
        _capture = Open() ?? throw OpenFailed();
        Width = _capture.FrameWidth;
        Height = _capture.FrameHeight;
        double fps = _capture.Fps;
        FramesPerSecond = fps > 0 && fps < 1000 ? fps : null;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "live frame reader" };
        _reader.Start();
    }

    /// <summary>True for a camera index (digits only) or a URL of a streaming protocol OpenCV's FFmpeg reads.</summary>
    public static bool IsLiveInput(string input) =>
        (input.Length is > 0 and <= 3 && input.All(char.IsAsciiDigit))
        || s_schemes.Any(s => input.StartsWith(s, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] s_schemes = ["rtsp://", "rtsps://", "http://", "https://", "udp://", "tcp://", "rtmp://", "rtmps://", "srt://", "rtp://"];

    private static Uri? NetworkUri(string input)
    {
        if (char.IsAsciiDigit(input[0])) return null;
        if (!Uri.TryCreate(input, UriKind.Absolute, out var uri) || uri.Port <= 0)
            throw new FrameSourceException(input, "not a valid stream URL (scheme://host:port/...)");
        if (!NetworkStreamPump.Supports(uri))
            throw new FrameSourceException(input, $"{uri.Scheme}:// is not supported: OpenCV's runtime has no network protocols, and this library " +
                "receives http://, https://, tcp:// and udp:// itself; relay the stream, e.g. ffmpeg -i " + input + " -c copy -f mpegts udp://127.0.0.1:5000");
        return uri;
    }

    /// <summary>The camera index or URL.</summary>
    public string Path { get; }

    /// <summary>Frame width (of the first opening).</summary>
    public int Width { get; }

    /// <summary>Frame height (of the first opening).</summary>
    public int Height { get; }

    /// <summary>Always null: a live source has no known length.</summary>
    public long? FrameCount => null;

    /// <summary>The rate the source announces, when it does.</summary>
    public double? FramesPerSecond { get; }

    /// <summary>Frames the reader thread captured.</summary>
    public long CapturedFrames => Interlocked.Read(ref _captured);

    /// <summary>Captured frames that were replaced by a newer one before <see cref="ReadNext"/> took them.</summary>
    public long DroppedFrames => Interlocked.Read(ref _dropped);

    /// <summary>Times the stream was reopened after it ended or stalled.</summary>
    public int ReconnectCount => Volatile.Read(ref _reconnects);

    /// <summary>Why the source ended (null while it runs): the stream ended, stalled, or could not be reopened.</summary>
    public string? EndReason { get { lock (_gate) return _endReason; } }

    /// <summary>True when the source ended because no frame came within the stall timeout.</summary>
    public bool Stalled { get { lock (_gate) return _stalled; } }

    /// <summary>
    /// <see cref="Stopwatch"/> timestamp at which the reader thread received the frame last returned by
    /// <see cref="ReadNext"/> (for end-to-end latency: capture to result).
    /// </summary>
    public long LastCaptureTimestamp { get; private set; }

    private string Kind => char.IsAsciiDigit(Path[0]) ? "camera" : "stream";

    /// <summary>
    /// The newest captured frame not yet returned, waiting for one when none is pending; null once the source ended
    /// (see <see cref="EndReason"/>). The caller owns the frame.
    /// </summary>
    /// <exception cref="FrameSourceException">A frame has another size than the first one.</exception>
    public Frame? ReadNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_gate)
        {
            while (_latest is null && _endReason is null)
                Monitor.Wait(_gate);
            if (_latest is null) return null;
            var frame = _latest;
            _latest = null;
            LastCaptureTimestamp = _latestCaptureTicks;
            _returned++;
            if (frame.Width != Width || frame.Height != Height)
            {
                frame.Dispose();
                throw new FrameSourceException(Path, $"it is {frame.Width}x{frame.Height} but the {Kind} started at {Width}x{Height}; all frames must share one size", frame.Index);
            }
            return frame;
        }
    }

    private FrameSourceException OpenFailed()
    {
        string why = _pump?.End(TimeSpan.FromSeconds(1)).Reason is { } reason && reason != "ended: closed by the server"
            ? $"the stream {reason}"
            : _uri is null ? "no camera at this index, or it gives no frames" : "OpenCV (FFmpeg) found no video in the data received";
        _pump?.Dispose();
        return new FrameSourceException(Path, $"cannot open the {Kind}: {why}");
    }

    private VideoCapture? Open()
    {
        int ms = (int)Math.Min(int.MaxValue, _options.StallTimeout.TotalMilliseconds);
        int[] timeouts = [OpenTimeoutProperty, ms, ReadTimeoutProperty, ms];
        VideoCapture capture;
        if (_uri is null)
        {
            capture = new VideoCapture(int.Parse(Path, System.Globalization.CultureInfo.InvariantCulture), VideoCaptureAPIs.ANY, timeouts);
        }
        else
        {
            _pump?.Dispose();
            _pump = new NetworkStreamPump(_uri, _options.StallTimeout);
            // Blocks while FFmpeg probes the stream; the pump closes the pipe when no data comes, so this returns.
            capture = new VideoCapture(_pump.PipePath, VideoCaptureAPIs.FFMPEG);
            _pump.ReaderOpened();
        }
        if (capture.IsOpened() && capture.FrameWidth > 0 && capture.FrameHeight > 0) return capture;
        capture.Dispose();
        return null;
    }

    private void ReadLoop()
    {
        using var mat = new Mat();
        var stallTicks = (long)(_options.StallTimeout.TotalSeconds * Stopwatch.Frequency);
        while (!_stopping)
        {
            long before = Stopwatch.GetTimestamp();
            bool ok;
            try
            {
                ok = _capture.Read(mat) && !mat.Empty();
            }
            catch (OpenCVException e)
            {
                ok = false;
                Debug.WriteLine(e.Message);
            }
            if (_stopping) break;
            long now = Stopwatch.GetTimestamp();
            if (ok)
            {
                Deliver(mat, now);
                continue;
            }
            // The read failed. A network stream's pump knows why; otherwise a read that waited the whole timeout is a
            // stall, a quick failure the end of the stream.
            bool stalled = now - before >= stallTicks * 9 / 10;
            string what = stalled
                ? $"the {Kind} stalled: no frame for {_options.StallTimeout.TotalSeconds:0.#} s"
                : $"the {Kind} ended";
            if (_pump?.End(TimeSpan.FromSeconds(1)) is { Reason: { } reason } end)
            {
                stalled = end.Stalled;
                what = $"the stream {reason}";
            }
            if (!Reconnect(what)) { End($"{what} after {CapturedFrames} frames", stalled); return; }
        }
        End("stopped", stalled: false);
    }

    private void Deliver(Mat mat, long now)
    {
        long index = _captured;
        var frame = MatFrame.Copy(mat, index, Stopwatch.GetElapsedTime(_openedAt, now), _pool);
        lock (_gate)
        {
            if (_latest is not null)
            {
                _latest.Dispose();
                Interlocked.Increment(ref _dropped);
            }
            _latest = frame;
            _latestCaptureTicks = now;
            Interlocked.Increment(ref _captured);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Reopens the stream when reconnections are left; false when none is left or every attempt failed.</summary>
    private bool Reconnect(string what)
    {
        while (_reconnects < _options.Reconnects && !_stopping)
        {
            _reconnects++;
            _capture.Dispose();
            Thread.Sleep(_options.ReconnectDelay);
            if (Open() is { } capture)
            {
                _capture = capture;
                return true;
            }
            _capture = new VideoCapture(); // closed placeholder, disposed at the next attempt or on Dispose
            if (_reconnects >= _options.Reconnects)
            {
                End($"{what} after {CapturedFrames} frames; {_reconnects} reconnection attempt(s) failed", stalled: what.Contains("stalled", StringComparison.Ordinal));
                return true; // ended: the loop sees _stopping
            }
        }
        return false;
    }

    private void End(string reason, bool stalled)
    {
        lock (_gate)
        {
            _endReason ??= reason;
            _stalled |= stalled && _endReason == reason;
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Stops the reader thread (waiting at most the stall timeout) and releases the stream.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stopping = true;
        // A read in progress returns at the latest after the read timeout; a thread stuck past it is abandoned
        // (background thread) rather than closing the capture under its feet.
        _pump?.Dispose(); // closes the pipe: a read in progress ends
        if (_reader.Join(_options.StallTimeout + TimeSpan.FromSeconds(1)))
            _capture.Dispose();
        lock (_gate)
        {
            _latest?.Dispose();
            _latest = null;
            _endReason ??= "stopped";
            Monitor.PulseAll(_gate);
        }
    }
}
