using System.Diagnostics;
using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Video;

/// <summary>
/// Writes BGR frames to a video file (H.264 in yuv420p, playable everywhere) through an <c>ffmpeg</c> child process.
/// Odd frame sizes are padded to even ones (a black column/row on the right/bottom) as yuv420p requires.
/// Call <see cref="Finish"/> to complete the file and see errors; <see cref="Dispose"/> also completes it.
/// </summary>
public sealed class FfmpegVideoWriter : IDisposable
{
    private static readonly TimeSpan FinishTimeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly FfmpegLog _log;
    private bool _finished;
    private bool _failed;
    private bool _aborted;

    /// <summary>Starts ffmpeg writing to <paramref name="path"/> (overwritten if it exists).</summary>
    /// <param name="path">Output file; the container follows the extension (.mp4 recommended).</param>
    /// <param name="width">Frame width.</param>
    /// <param name="height">Frame height.</param>
    /// <param name="framesPerSecond">Constant output frame rate.</param>
    /// <param name="ffmpegDirectory">Folder holding <c>ffmpeg</c>; null searches PATH.</param>
    /// <exception cref="OutputException">The output folder does not exist.</exception>
    /// <exception cref="NativeDependencyException">ffmpeg is not installed.</exception>
    public FfmpegVideoWriter(string path, int width, int height, double framesPerSecond, string? ffmpegDirectory = null)
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
        var ffmpeg = FfmpegTools.Locate("ffmpeg", ffmpegDirectory);
        _process = FfmpegTools.Start(ffmpeg, Arguments(path, width, height, framesPerSecond), redirectInput: true);
        _stdin = _process.StandardInput.BaseStream;
        _log = new FfmpegLog(_process.StandardError);
        _process.StandardOutput.Close(); // ffmpeg writes nothing there
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
    /// <exception cref="OutputException">ffmpeg stopped (disk full, bad path, ...); the message carries its error.</exception>
    public void Write(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(_finished, this);
        if (frame.Width != Width || frame.Height != Height)
            throw new ArgumentException($"frame is {frame.Width}x{frame.Height} but the writer was created for {Width}x{Height}", nameof(frame));
        try
        {
            if (frame.Stride == Width * 3)
                _stdin.Write(frame.ReadOnlyPixels);
            else
                for (int y = 0; y < Height; y++) _stdin.Write(frame.Row(y));
        }
        catch (IOException e)
        {
            // Broken pipe: ffmpeg has died; its stderr says why.
            _failed = true;
            _process.WaitForExit(2000);
            _log.Completion.Wait(2000);
            throw new OutputException(Path, $"ffmpeg stopped accepting frames after {FramesWritten}: {_log.Tail()}", e);
        }
        FramesWritten++;
    }

    /// <summary>Closes the input, waits for ffmpeg to finish the file and checks it succeeded.</summary>
    /// <exception cref="OutputException">No frame was written, or ffmpeg failed or hung.</exception>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        try
        {
            _stdin.Dispose();
        }
        catch (IOException)
        {
            // Already broken: the exit code below reports it.
        }
        if (!_process.WaitForExit(FinishTimeout))
        {
            FfmpegTools.KillQuietly(_process);
            _failed = true;
            throw new OutputException(Path, $"ffmpeg did not finish within {FinishTimeout.TotalSeconds:0} s");
        }
        _log.Completion.Wait(2000);
        if (_process.ExitCode != 0)
        {
            _failed = true;
            throw new OutputException(Path, $"ffmpeg failed (exit code {_process.ExitCode}): {_log.Tail()}");
        }
        if (FramesWritten == 0)
        {
            _failed = true;
            throw new OutputException(Path, "no frames were written: the video is empty");
        }
    }

    /// <summary>
    /// Completes the file like <see cref="Finish"/> (throwing <see cref="OutputException"/> on failure, as a stream's
    /// flush would) unless an error was already reported, then releases the process.
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
            FfmpegTools.KillQuietly(_process);
            _process.Dispose();
        }
    }

    /// <summary>
    /// Stops ffmpeg without completing the file (its content is then unusable) unless <see cref="Finish"/> already
    /// did; for callers that discard the output. Never throws.
    /// </summary>
    internal void Abort()
    {
        if (_aborted) return;
        _aborted = true;
        if (!_finished) _failed = true;
        _finished = true;
        try { _stdin.Dispose(); } catch (IOException) { /* ffmpeg is killed below */ }
        FfmpegTools.KillQuietly(_process);
        _process.WaitForExit(2000);
        _process.Dispose();
    }

    private static List<string> Arguments(string path, int width, int height, double fps)
    {
        var args = new List<string>
        {
            "-hide_banner", "-nostats", "-loglevel", "level+error", "-y",
            "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", $"{width}x{height}", "-r", FfmpegTools.Number(fps), "-i", "pipe:0",
        };
        if (width % 2 != 0 || height % 2 != 0)
            args.AddRange(["-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2"]);
        args.AddRange(["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"]);
        string ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".mp4" or ".mov" or ".m4v")
            args.AddRange(["-movflags", "+faststart"]);
        args.Add(FfmpegTools.FileArgument(path));
        return args;
    }
}
