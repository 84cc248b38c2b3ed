namespace MLNet.Siamese.Video;

/// <summary>Opens the right <see cref="IFrameSource"/> for a path.</summary>
public static class FrameSource
{
    /// <summary>
    /// A folder → <see cref="ImageFolderSource"/>; an image file (<see cref="ImageFolderSource.IsImageFile"/>) → a
    /// one-frame <see cref="ImageFolderSource"/>; a camera index (<c>"0"</c>) or stream URL (<c>rtsp://</c>,
    /// <c>http://</c>, <c>udp://</c>, ...) → <see cref="LiveFrameSource"/>; any other file → <see cref="OpenCvVideoSource"/>.
    /// </summary>
    /// <param name="path">Folder of images, image file, video file, camera index or stream URL.</param>
    /// <param name="options">Pool, folder frame rate, start frame; defaults when null.</param>
    /// <param name="live">Options for a camera or stream; defaults when null.</param>
    /// <exception cref="FrameSourceException">Nothing at <paramref name="path"/>, or it cannot be read as frames.</exception>
    /// <exception cref="NativeDependencyException">OpenCV's native library cannot be loaded.</exception>
    public static IFrameSource Open(string path, FrameSourceOptions? options = null, LiveSourceOptions? live = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path) && !Directory.Exists(path) && LiveFrameSource.IsLiveInput(path))
        {
            if (options is { StartFrame: > 0 })
                throw new FrameSourceException(path, "a start frame cannot be used with a camera or stream");
            return new LiveFrameSource(path, live is null && options?.Pool is { } pool ? new LiveSourceOptions { Pool = pool } : live);
        }
        if (Directory.Exists(path))
            return new ImageFolderSource(path, options);
        if (!File.Exists(path))
            throw new FrameSourceException(path, "no such file or folder");
        return ImageFolderSource.IsImageFile(path)
            ? new ImageFolderSource(path, [Path.GetFullPath(path)], options)
            : new OpenCvVideoSource(path, options);
    }
}
