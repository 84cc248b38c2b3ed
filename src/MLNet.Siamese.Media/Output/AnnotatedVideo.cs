using MLNet.Siamese.Imaging;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Output;

/// <summary>
/// An annotated video (boxes drawn, one colour per target) written with OpenCV to the temporary name of an
/// <see cref="AtomicFile"/> and renamed into place by <see cref="Commit"/>; disposing without it stops writing and removes
/// the partial file, so an error, a full disk or an interruption never leaves a short, empty or half-written video,
/// and a file of that name from an earlier run stays as it was.
/// </summary>
public sealed class AnnotatedVideo : IDisposable
{
    private static readonly BgrColor[] Colors = [BgrColor.Green, BgrColor.Red, BgrColor.Blue, BgrColor.Yellow, BgrColor.White];

    private readonly AtomicFile _file;
    private readonly OpenCvVideoWriter _writer;
    private readonly int _thickness;

    /// <summary>Starts the video (MPEG-4 Part 2 for <c>.mp4</c>, MJPEG for <c>.avi</c>) under its temporary name.</summary>
    /// <param name="path">The video file to create.</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="framesPerSecond">Frame rate written into the file.</param>
    /// <param name="thickness">Line width of the boxes, in pixels.</param>
    /// <exception cref="OutputException">The folder cannot be created or OpenCV cannot write this kind of file.</exception>
    /// <exception cref="NativeDependencyException">OpenCV's native library cannot be loaded.</exception>
    public AnnotatedVideo(string path, int width, int height, double framesPerSecond, int thickness = 2)
    {
        _thickness = thickness;
        _file = AtomicFile.Begin(path);
        try
        {
            _writer = new OpenCvVideoWriter(_file.TemporaryPath, width, height, framesPerSecond);
        }
        catch (OutputException ex)
        {
            _file.Dispose();
            throw Named(ex); // the user's file, not its temporary name
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    /// <summary>Draws the records' boxes on <paramref name="frame"/> (modifying it) and appends it.</summary>
    /// <param name="frame">The frame, of the size given at construction.</param>
    /// <param name="recordsByTarget">One entry per target (its colour follows its position); null where a target has no box on this frame.</param>
    /// <exception cref="OutputException">the file cannot be written (disk full, ...).</exception>
    public void Write(Frame frame, IReadOnlyList<TrackRecord?> recordsByTarget)
    {
        for (int i = 0; i < recordsByTarget.Count; i++)
            if (recordsByTarget[i] is { } r)
                FrameDrawing.DrawRectangle(frame, r.Box, Colors[i % Colors.Length], _thickness);
        try
        {
            _writer.Write(frame);
        }
        catch (OutputException ex)
        {
            throw Named(ex);
        }
    }

    /// <summary>Completes the file and moves it into place.</summary>
    /// <exception cref="OutputException">the video is empty or the file cannot be renamed.</exception>
    public void Commit()
    {
        try
        {
            _writer.Finish();
        }
        catch (OutputException ex)
        {
            throw Named(ex);
        }
        _file.Commit();
    }

    /// <summary>The error about the temporary file, naming the file the user asked for.</summary>
    private OutputException Named(OutputException ex)
    {
        string prefix = ex.Path + ": ";
        return new OutputException(_file.Path, ex.Message.StartsWith(prefix, StringComparison.Ordinal) ? ex.Message[prefix.Length..] : ex.Message, ex);
    }

    /// <summary>Stops writing and removes the partial file unless committed. Never throws.</summary>
    public void Dispose()
    {
        _writer.Abort();
        _file.Dispose();
    }
}
