using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Video;

/// <summary>Options shared by the frame sources (<see cref="FrameSource.Open"/>, <see cref="ImageFolderSource"/>, <see cref="OpenCvVideoSource"/>).</summary>
public sealed class FrameSourceOptions
{
    /// <summary>Pool the frames' pixel buffers come from; <see cref="FrameBufferPool.Shared"/> when null.</summary>
    public FrameBufferPool? Pool { get; init; }

    /// <summary>Frame rate assigned to image folders (timestamp = index / rate). Default 30. Ignored for videos.</summary>
    public double FramesPerSecond { get; init; } = 30;

    /// <summary>
    /// Index of the first frame to return; earlier frames are skipped (image files are not even read).
    /// Frame indices and timestamps stay those of the whole source. Default 0.
    /// </summary>
    public long StartFrame { get; init; }

    internal void Validate()
    {
        if (!(FramesPerSecond > 0) || !double.IsFinite(FramesPerSecond))
            throw new ArgumentOutOfRangeException(nameof(FramesPerSecond), FramesPerSecond, "must be a positive finite number");
        ArgumentOutOfRangeException.ThrowIfNegative(StartFrame);
    }
}
