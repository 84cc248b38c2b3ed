using MLNet.Siamese.Imaging;
using MLNet.Siamese.Imaging.Codecs;
using OpenCvSharp;

namespace MLNet.Siamese.Video;

/// <summary>
/// Writes BGR frames to a video file with OpenCV's <see cref="VideoWriter"/> (its FFmpeg backend). The container follows
/// the extension; the codec is MPEG-4 Part 2 (<c>mp4v</c>) for <c>.mp4</c>/<c>.mov</c>/<c>.m4v</c>/<c>.mkv</c> and
/// Motion JPEG for <c>.avi</c> — OpenCV's official build carries no H.264 software encoder. Odd frame sizes are padded
/// to even ones (a black column/row on the right/bottom) as the codecs' 4:2:0 sampling requires.
/// Call <see cref="Finish"/> to complete the file and see errors; <see cref="Dispose"/> also completes it.
/// </summary>
public sealed class OpenCvVideoWriter : IDisposable
{
    private readonly VideoWriter _writer;
    private readonly int _paddedWidth;
    private readonly int _paddedHeight;
    private bool _finished;
    private bool _failed;

    /// <summary>Opens <paramref name="path"/> for writing (overwritten if it exists).</summary>
    /// <param name="path">Output file; the container follows the extension (.mp4 recommended).</param>
    /// <param name="width">Frame width.</param>
    /// <param name="height">Frame height.</param>
    /// <param name="framesPerSecond">Constant output frame rate.</param>
    /// <exception cref="OutputException">The output folder does not exist, or OpenCV cannot write this kind of file.</exception>
    /// <exception cref="NativeDependencyException">OpenCV's native library cannot be loaded.</exception>
    public OpenCvVideoWriter(string path, int width, int height, double framesPerSecond)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (!(framesPerSecond > 0) || !double.IsFinite(framesPerSecond))
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "must be a positive finite number");
        Path = path;
        Width = width;
        Height = height;
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
            throw new OutputException(path, $"the output folder {folder} does not exist");
        OpenCvRuntime.EnsureLoaded();
        _paddedWidth = width + (width & 1);
        _paddedHeight = height + (height & 1);
        string ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
        // Lower-case "mp4v" is the tag MP4 files use (FFmpeg would print a warning and substitute it for "MP4V").
        string tag = ext == ".avi" ? "MJPG" : "mp4v";
        var codec = FourCC.FromString(tag);
        _writer = new VideoWriter();
        if (!_writer.Open(System.IO.Path.GetFullPath(path), VideoCaptureAPIs.FFMPEG, codec, framesPerSecond, new Size(_paddedWidth, _paddedHeight)))
        {
            _writer.Dispose();
            throw new OutputException(path, $"OpenCV (FFmpeg) cannot write a '{ext}' video with codec {tag}: use .mp4, .mov, .mkv or .avi");
        }
    }

    /// <summary>The output file.</summary>
    public string Path { get; }

    /// <summary>Width of the frames accepted.</summary>
    public int Width { get; }

    /// <summary>Height of the frames accepted.</summary>
    public int Height { get; }

    /// <summary>Frames written so far.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>Appends one frame.</summary>
    /// <param name="frame">A frame of exactly <see cref="Width"/>×<see cref="Height"/>.</param>
    /// <exception cref="ArgumentException">Wrong frame size.</exception>
    public void Write(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(_finished, this);
        if (frame.Width != Width || frame.Height != Height)
            throw new ArgumentException($"frame is {frame.Width}x{frame.Height} but the writer was created for {Width}x{Height}", nameof(frame));
        using var mat = frame.ToMat();
        if (_paddedWidth == Width && _paddedHeight == Height)
        {
            _writer.Write(mat);
        }
        else
        {
            using var padded = new Mat();
            Cv2.CopyMakeBorder(mat, padded, 0, _paddedHeight - Height, 0, _paddedWidth - Width, BorderTypes.Constant, Scalar.Black);
            _writer.Write(padded);
        }
        FramesWritten++;
    }

    /// <summary>Completes the file and checks something was written.</summary>
    /// <exception cref="OutputException">No frame was written, or the file cannot be read back with every frame (disk full, ...).</exception>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        _writer.Release();
        // VideoWriter reports no write error: judge by the result.
        if (FramesWritten == 0)
        {
            _failed = true;
            throw new OutputException(Path, "no frames were written: the video is empty");
        }
        var info = new FileInfo(Path);
        if (!info.Exists || info.Length == 0)
        {
            _failed = true;
            throw new OutputException(Path, $"OpenCV wrote {FramesWritten} frames but the file is {(info.Exists ? "empty" : "missing")} (disk full?)");
        }
        // VideoWriter reports no write error at all (a full disk leaves a file without its index): read the container
        // back, which costs no decoding, and check it holds every frame.
        using var check = new VideoCapture();
        long readable = check.Open(System.IO.Path.GetFullPath(Path), VideoCaptureAPIs.FFMPEG) ? (long)check.FrameCount : -1;
        if (readable != FramesWritten)
        {
            _failed = true;
            throw new OutputException(Path, readable < 0
                ? $"the video cannot be read back after writing {FramesWritten} frames: the file is incomplete (disk full?)"
                : $"the video holds {readable} of the {FramesWritten} frames written: the file is incomplete (disk full?)");
        }
    }

    /// <summary>
    /// Completes the file like <see cref="Finish"/> (throwing <see cref="OutputException"/> on failure, as a stream's
    /// flush would) unless an error was already reported, then releases the writer.
    /// </summary>
    public void Dispose()
    {
        try
        {
            if (!_finished && !_failed) Finish();
        }
        finally
        {
            _finished = true;
            _writer.Dispose();
        }
    }

    /// <summary>Stops without reporting errors (the caller discards the file). Never throws.</summary>
    internal void Abort()
    {
        _failed = true;
        _finished = true;
        _writer.Dispose();
    }
}
