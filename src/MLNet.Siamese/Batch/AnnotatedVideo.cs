using MLNet.Siamese.Imaging;
using MLNet.Siamese.Output;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Batch;

/// <summary>
/// A job's annotated video (boxes drawn in one colour per target), written under a temporary name and renamed to
/// <c>&lt;job id&gt;.mp4</c> by <see cref="Commit"/>; without it the partial file is deleted.
/// </summary>
internal sealed class AnnotatedVideo : IDisposable
{
    private static readonly BgrColor[] Colors = [BgrColor.Green, BgrColor.Red, BgrColor.Blue, BgrColor.Yellow, BgrColor.White];

    private readonly FfmpegVideoWriter _writer;
    private readonly string _temp, _final;
    private bool _committed;

    public AnnotatedVideo(string directory, string jobId, int width, int height, double framesPerSecond, string? ffmpegDirectory)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(directory, "cannot create the annotated video folder: " + ex.Message, ex);
        }
        _final = Path.Combine(directory, jobId + ".mp4");
        // Keeps the .mp4 extension: ffmpeg picks the container from it.
        _temp = Path.Combine(directory, jobId + ".partial.mp4");
        _writer = new FfmpegVideoWriter(_temp, width, height, framesPerSecond, ffmpegDirectory);
    }

    /// <summary>Draws the records' boxes on <paramref name="frame"/> (modifying it) and appends it.</summary>
    public void Write(Frame frame, IReadOnlyList<TrackRecord?> recordsByTarget)
    {
        for (int i = 0; i < recordsByTarget.Count; i++)
            if (recordsByTarget[i] is { } r)
                FrameDrawing.DrawRectangle(frame, r.Box, Colors[i % Colors.Length], thickness: 2);
        _writer.Write(frame);
    }

    /// <summary>Completes the file and moves it into place.</summary>
    /// <exception cref="OutputException">ffmpeg failed or the file cannot be renamed.</exception>
    public void Commit()
    {
        _writer.Finish();
        try
        {
            File.Move(_temp, _final, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(_final, "cannot move the annotated video into place: " + ex.Message, ex);
        }
        _committed = true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _writer.Dispose();
        }
        catch (SiameseException)
        {
            // The job already failed or was cancelled; the partial file is removed below.
        }
        if (_committed) return;
        try { File.Delete(_temp); } catch (IOException) { /* best effort */ }
    }
}
