using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Video;

/// <summary>
/// A sequence of frames read in order (a video file or a folder of images). Pull-based: call
/// <see cref="ReadNext"/> until it returns null. Not thread-safe; dispose to release the decoder (and kill any child process).
/// </summary>
public interface IFrameSource : IDisposable
{
    /// <summary>The file or folder being read (used in error messages and outputs).</summary>
    string Path { get; }

    /// <summary>Frame width in pixels (all frames share it).</summary>
    int Width { get; }

    /// <summary>Frame height in pixels (all frames share it).</summary>
    int Height { get; }

    /// <summary>Number of frames when known in advance (image count, or the container's count); null otherwise.</summary>
    long? FrameCount { get; }

    /// <summary>Nominal frame rate when known.</summary>
    double? FramesPerSecond { get; }

    /// <summary>Decodes the next frame; null at the end. The caller owns (and must dispose) the returned frame.</summary>
    /// <exception cref="FrameSourceException">The frame cannot be decoded; the message names the file.</exception>
    Frame? ReadNext();
}
