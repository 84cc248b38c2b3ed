using System.Diagnostics;
using System.Runtime.ExceptionServices;
using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Video;

/// <summary>
/// Frames of a video file decoded by an <c>ffmpeg</c> child process into raw BGR on a pipe (any format ffmpeg reads).
/// Frames are rotated as the container's display rotation asks (as players show them). Timestamps are the frames' real
/// presentation times (from ffmpeg's <c>showinfo</c> filter), so variable-frame-rate videos get true, non-uniform times.
/// </summary>
/// <remarks>
/// <para>Policy for damaged files: ffmpeg conceals or drops damaged data and still exits with 0, so the source also
/// watches its log. When the stream ends, a <see cref="FrameSourceException"/> is thrown instead of returning null if
/// ffmpeg failed, the last frame was incomplete, ffmpeg reported an error or corrupt input while decoding (a
/// truncated file always does), or a frame's size differed from the stream's (ffmpeg rescales such frames). The frames
/// already returned are not retracted, but a damaged video never ends as if it were complete.</para>
/// <para>Dispose kills the child process at once (safe mid-stream).</para>
/// </remarks>
public sealed class FfmpegVideoSource : IFrameSource
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan TimestampTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly Stream _stdout;
    private readonly FfmpegLog _log;
    private readonly FrameBufferPool _pool;
    private readonly int _frameBytes;
    private long _delivered;
    private TimeSpan? _lastTimestamp;
    private bool _timestampsLate;
    private bool _ended;
    private ExceptionDispatchInfo? _failure;
    private bool _disposed;

    /// <summary>Probes the file with ffprobe and starts decoding it with ffmpeg.</summary>
    /// <param name="path">A video file.</param>
    /// <param name="options">Pool, start frame and ffmpeg location; defaults when null.</param>
    /// <exception cref="FrameSourceException">The file is missing, has no video stream, or cannot be read.</exception>
    /// <exception cref="NativeDependencyException">ffmpeg/ffprobe is not installed.</exception>
    public FfmpegVideoSource(string path, FrameSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new FrameSourceOptions();
        options.Validate();
        Path = path;
        if (!File.Exists(path))
            throw new FrameSourceException(path, Directory.Exists(path) ? "is a folder, not a video file" : "file not found");
        var ffprobe = FfmpegTools.Locate("ffprobe", options.FfmpegDirectory);
        var ffmpeg = FfmpegTools.Locate("ffmpeg", options.FfmpegDirectory);
        var info = FfmpegProbe.Run(ffprobe, path);
        Width = info.Width;
        Height = info.Height;
        Rotation = info.Rotation;
        FramesPerSecond = info.FramesPerSecond;
        FrameCount = info.FrameCount;
        StartFrame = options.StartFrame;
        if (FrameCount is { } declared && StartFrame >= declared)
            throw new FrameSourceException(path, $"start frame {StartFrame} is past the last frame (the video declares {declared})");
        _pool = options.Pool ?? FrameBufferPool.Shared;
        _frameBytes = checked(Width * Height * 3);

        _process = FfmpegTools.Start(ffmpeg, Arguments(ffmpeg, path, StartFrame, Width, Height), redirectInput: false);
        _stdout = _process.StandardOutput.BaseStream;
        PipeBuffer.TryEnlarge(_stdout, 1 << 20);
        _log = new FfmpegLog(_process.StandardError, (Width, Height));
    }

    /// <summary>The video file.</summary>
    public string Path { get; }

    /// <summary>Frame width after rotation.</summary>
    public int Width { get; }

    /// <summary>Frame height after rotation.</summary>
    public int Height { get; }

    /// <summary>Frame count declared by the container (not reduced by <see cref="StartFrame"/>); null when undeclared.</summary>
    public long? FrameCount { get; }

    /// <summary>Average frame rate from the container; null when unknown.</summary>
    public double? FramesPerSecond { get; }

    /// <summary>Display rotation applied to the frames, degrees counter-clockwise (0, 90, 180 or 270).</summary>
    public int Rotation { get; }

    /// <summary>Index of the first frame returned (earlier frames are decoded by ffmpeg but not converted or piped).</summary>
    public long StartFrame { get; }

    /// <summary>The ffmpeg child's process id (for diagnostics and tests).</summary>
    internal int ProcessId => _process.Id;

    /// <inheritdoc />
    /// <exception cref="FrameSourceException">ffmpeg failed, or the video turned out truncated or corrupt (see remarks).</exception>
    public Frame? ReadNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _failure?.Throw();
        if (_ended) return null;
        long index = StartFrame + _delivered;
        var buffer = _pool.Rent(_frameBytes);
        int read;
        try
        {
            read = _stdout.ReadAtLeast(buffer.AsSpan(0, _frameBytes), _frameBytes, throwOnEndOfStream: false);
        }
        catch (IOException e)
        {
            _pool.Return(buffer);
            throw Fail(new FrameSourceException(Path, $"cannot read decoded frames from ffmpeg: {e.Message}", index, e));
        }
        if (read < _frameBytes)
        {
            _pool.Return(buffer);
            EndOfStream(read, index);
            return null;
        }
        _delivered++;
        return new Frame(buffer, Width, Height, Width * 3, index, NextTimestamp(index), _pool);
    }

    /// <summary>Real presentation time from showinfo; nominal spacing when ffmpeg printed none (or it is late).</summary>
    private TimeSpan NextTimestamp(long index)
    {
        // showinfo logs a frame before ffmpeg writes its pixels, so the line is normally already here.
        TimeSpan? time = null;
        if (!_timestampsLate && !_log.TryGetTimestamp(index, TimestampTimeout, out time))
            _timestampsLate = true; // never seen in practice; do not stall on every later frame
        double step = 1.0 / (FramesPerSecond ?? 30);
        time ??= _lastTimestamp is { } last
            ? last + TimeSpan.FromTicks((long)Math.Round(step * TimeSpan.TicksPerSecond))
            : TimeSpan.FromTicks((long)Math.Round(index * step * TimeSpan.TicksPerSecond));
        _lastTimestamp = time;
        return time.Value;
    }

    /// <summary>Stdout ended: decide between a clean end (null) and a failure (throw), per the class's policy.</summary>
    private void EndOfStream(int partialBytes, long index)
    {
        if (!_process.WaitForExit(ExitTimeout))
        {
            FfmpegTools.KillQuietly(_process);
            throw Fail(new FrameSourceException(Path, $"ffmpeg closed its output but did not exit within {ExitTimeout.TotalSeconds:0} s", index));
        }
        _log.Completion.Wait(ExitTimeout);
        string counted = FrameCount is { } n ? $"{_delivered + StartFrame} of {n} declared frames" : $"{_delivered + StartFrame} frames";
        if (_process.ExitCode != 0)
            throw Fail(new FrameSourceException(Path, $"ffmpeg failed (exit code {_process.ExitCode}) after {counted}: {_log.Tail()}", index));
        if (partialBytes > 0)
            throw Fail(new FrameSourceException(Path, $"incomplete frame from ffmpeg ({partialBytes} of {_frameBytes} bytes) after {counted}: {_log.Tail()}", index));
        if (_log.HasDamage)
            throw Fail(new FrameSourceException(Path, $"the video is truncated or corrupt: ffmpeg reported errors while decoding ({counted} decoded): {_log.DamageSummary}", index));
        if (_delivered == 0)
            throw Fail(new FrameSourceException(Path, StartFrame > 0
                ? $"start frame {StartFrame} is past the last frame"
                : $"ffmpeg decoded no frames: {_log.Tail()}", index));
        _ended = true;
    }

    private FrameSourceException Fail(FrameSourceException e)
    {
        _failure = ExceptionDispatchInfo.Capture(e);
        return e;
    }

    private static List<string> Arguments(string ffmpeg, string path, long startFrame, int width, int height)
    {
        // showinfo (checksums off: cheap) prints each frame's pts and size on stderr; 'select' after it drops skipped
        // frames before the costly BGR conversion while showinfo still sees every frame; the final 'scale' to the probed
        // size (a no-op normally) guarantees every frame on the pipe is exactly Width*Height*3 bytes.
        string select = startFrame > 0 ? $",select=gte(n\\,{startFrame})" : "";
        string filters = $"showinfo=checksum=0{select},scale={width}:{height}";
        return
        [
            "-nostdin", "-hide_banner", "-nostats", "-loglevel", "level+info",
            "-i", FfmpegTools.FileArgument(path),
            "-map", "0:v:0", "-vf", filters,
            "-f", "rawvideo", "-pix_fmt", "bgr24", .. FfmpegTools.PassthroughTiming(ffmpeg), "pipe:1",
        ];
    }

    /// <summary>Kills ffmpeg (whole process tree) if it still runs and releases the pipes; returns promptly.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        FfmpegTools.KillQuietly(_process);
        _process.WaitForExit(2000);
        _stdout.Dispose();
        _process.Dispose();
    }
}
