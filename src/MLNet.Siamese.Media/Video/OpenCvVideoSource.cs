using System.Runtime.ExceptionServices;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Imaging.Codecs;
using OpenCvSharp;

namespace MLNet.Siamese.Video;

/// <summary>
/// Frames of a video file decoded by OpenCV's <see cref="VideoCapture"/> (its FFmpeg backend: any format FFmpeg reads),
/// as 8-bit BGR like <c>cv2.VideoCapture</c>. Frames are rotated as the container's display rotation asks (as players
/// show them). Timestamps are the frames' presentation times (<c>CAP_PROP_POS_MSEC</c>), so variable-frame-rate videos
/// get true, non-uniform times.
/// </summary>
/// <remarks>
/// <para>OpenCV reports no decoding problem: a read just fails or returns an empty image. So every read is checked
/// here (an empty, differently sized or typed image fails at once, naming the frame), and at the end of the stream the
/// count of frames read is compared with the count the container declares — OpenCV stops quietly where a truncated
/// file ends, so a shortfall is reported as a <see cref="FrameSourceException"/> instead of returning null. The frames
/// already returned are not retracted, but a truncated video never ends as if it were complete.</para>
/// <para>Not detectable through OpenCV: a stream whose coded size changes mid-way (OpenCV 4.13 keeps the first size
/// and, from the change on, returns the last frame of that size again while the timestamps go on; no frame size or
/// property it exposes tells) and damage FFmpeg conceals without losing frames.</para>
/// <para>Not thread-safe. Dispose releases the decoder.</para>
/// </remarks>
public sealed class OpenCvVideoSource : IFrameSource
{
    private readonly VideoCapture _capture;
    private readonly FrameBufferPool _pool;
    private readonly int _frameBytes;
    private long _delivered;
    private bool _ended;
    private ExceptionDispatchInfo? _failure;
    private bool _disposed;

    /// <summary>Opens the file and reads its stream properties.</summary>
    /// <param name="path">A video file.</param>
    /// <param name="options">Pool and start frame; defaults when null.</param>
    /// <exception cref="FrameSourceException">The file is missing, empty, has no video stream or cannot be read.</exception>
    /// <exception cref="NativeDependencyException">OpenCV's native library cannot be loaded.</exception>
    public OpenCvVideoSource(string path, FrameSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new FrameSourceOptions();
        options.Validate();
        Path = path;
        if (!File.Exists(path))
            throw new FrameSourceException(path, Directory.Exists(path) ? "is a folder, not a video file" : "file not found");
        if (new FileInfo(path).Length == 0)
            throw new FrameSourceException(path, "the file is empty");
        OpenCvRuntime.EnsureLoaded();
        _capture = new VideoCapture();
        try
        {
            if (!_capture.Open(System.IO.Path.GetFullPath(path), VideoCaptureAPIs.FFMPEG))
                throw new FrameSourceException(path, "not a readable video: OpenCV (FFmpeg) cannot open it (not a video, or truncated before its index)");
            // CAP_PROP_ORIENTATION_META counts clockwise (the legacy "rotate" tag's sense); Rotation keeps the display
            // matrix's counter-clockwise sense.
            Rotation = ((360 - (int)Math.Round(_capture.Get(VideoCaptureProperties.OrientationMeta)) % 360) % 360 + 360) % 360;
            // OpenCV rotates the frames (CAP_PROP_ORIENTATION_AUTO, on by default) and reports the rotated size.
            Width = _capture.FrameWidth;
            Height = _capture.FrameHeight;
            if (Width <= 0 || Height <= 0 || (long)Width * Height * 3 > int.MaxValue)
                throw new FrameSourceException(path, $"the video stream has an unusable frame size {Width}x{Height}");
            double fps = _capture.Fps;
            FramesPerSecond = fps > 0 && double.IsFinite(fps) ? fps : null;
            double count = _capture.FrameCount;
            FrameCount = count >= 1 && double.IsFinite(count) ? (long)count : null;
            StartFrame = options.StartFrame;
            if (FrameCount is { } declared && StartFrame >= declared)
                throw new FrameSourceException(path, $"start frame {StartFrame} is past the last frame (the video declares {declared})");
        }
        catch
        {
            _capture.Dispose();
            throw;
        }
        _pool = options.Pool ?? FrameBufferPool.Shared;
        _frameBytes = checked(Width * Height * 3);
    }

    /// <summary>The video file.</summary>
    public string Path { get; }

    /// <summary>Frame width after rotation.</summary>
    public int Width { get; }

    /// <summary>Frame height after rotation.</summary>
    public int Height { get; }

    /// <summary>Frame count the container declares (OpenCV's estimate from duration × rate when it declares none;
    /// not reduced by <see cref="StartFrame"/>); null when unknown.</summary>
    public long? FrameCount { get; }

    /// <summary>Frame rate from the container; null when unknown.</summary>
    public double? FramesPerSecond { get; }

    /// <summary>Display rotation from the container, degrees counter-clockwise (0, 90, 180 or 270); frames come out rotated.</summary>
    public int Rotation { get; }

    /// <summary>Index of the first frame returned (earlier frames are decoded but not converted).</summary>
    public long StartFrame { get; }

    /// <inheritdoc />
    /// <exception cref="FrameSourceException">A frame has another size, or the video turned out truncated (see remarks).</exception>
    public Frame? ReadNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _failure?.Throw();
        if (_ended) return null;
        while (_delivered == 0 && _skipped < StartFrame)
        {
            if (!_capture.Grab()) { EndOfStream(_skipped); return null; }
            _skipped++;
        }
        long index = StartFrame + _delivered;
        var buffer = _pool.Rent(_frameBytes);
        bool ok;
        int width, height;
        try
        {
            // Decode straight into the pooled buffer: OpenCV copies its converted frame into a Mat of the right size and
            // type in place. It hands over a Mat of its own instead when it rotated the frame (then one copy follows).
            using var mat = Mat.FromPixelData(Height, Width, MatType.CV_8UC3, buffer, Width * 3);
            IntPtr before = mat.Data;
            ok = _capture.Read(mat) && !mat.Empty();
            (width, height) = (mat.Width, mat.Height);
            if (ok && (width != Width || height != Height || mat.Type() != MatType.CV_8UC3))
            {
                _pool.Return(buffer);
                throw Fail(new FrameSourceException(Path, $"it is {width}x{height} ({mat.Type()}) but the video is {Width}x{Height}; all frames must share one size", index));
            }
            if (ok && mat.Data != before)
                using (var own = Mat.FromPixelData(Height, Width, MatType.CV_8UC3, buffer, Width * 3))
                    mat.CopyTo(own);
        }
        catch (OpenCVException e)
        {
            _pool.Return(buffer);
            throw Fail(new FrameSourceException(Path, $"OpenCV failed to decode: {e.Message}", index, e));
        }
        if (!ok)
        {
            _pool.Return(buffer);
            EndOfStream(index);
            return null;
        }
        var timestamp = TimeSpan.FromTicks((long)Math.Round(_capture.Get(VideoCaptureProperties.PosMsec) * TimeSpan.TicksPerMillisecond));
        _delivered++;
        return new Frame(buffer, Width, Height, Width * 3, index, timestamp, _pool);
    }

    private long _skipped;

    /// <summary>The stream ended: a clean end (null), or a failure when frames are missing, per the class's policy.</summary>
    private void EndOfStream(long index)
    {
        long read = StartFrame > 0 && _delivered == 0 ? _skipped : StartFrame + _delivered;
        // OpenCV's count is the container's when it declares one, else duration × rate, which can be off by a frame or
        // two: only a shortfall beyond that is a truncation.
        if (FrameCount is { } declared && read < declared - Math.Max(2, declared / 100))
            throw Fail(new FrameSourceException(Path, $"the video is truncated or corrupt: it ended after {read} of {declared} declared frames", index));
        if (_delivered == 0)
            throw Fail(new FrameSourceException(Path, StartFrame > 0
                ? $"start frame {StartFrame} is past the last frame (the video has {read})"
                : "OpenCV decoded no frames from the video", index));
        _ended = true;
    }

    private FrameSourceException Fail(FrameSourceException e)
    {
        _failure = ExceptionDispatchInfo.Capture(e);
        return e;
    }

    /// <summary>Releases the decoder; returns promptly.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _capture.Dispose();
    }
}
