namespace MLNet.Siamese.Video;

/// <summary>Opens the right <see cref="IFrameSource"/> for a path.</summary>
public static class FrameSource
{
    /// <summary>
    /// A folder → <see cref="ImageFolderSource"/>; a <c>.jpg</c>/<c>.jpeg</c>/<c>.png</c> file → a one-frame
    /// <see cref="ImageFolderSource"/>; any other file → <see cref="FfmpegVideoSource"/>.
    /// </summary>
    /// <param name="path">Folder of images, image file or video file.</param>
    /// <param name="options">Pool, folder frame rate, start frame, ffmpeg location; defaults when null.</param>
    /// <exception cref="FrameSourceException">Nothing at <paramref name="path"/>, or it cannot be read as frames.</exception>
    /// <exception cref="NativeDependencyException">A needed decoder (libturbojpeg, libpng, ffmpeg) is not installed.</exception>
    public static IFrameSource Open(string path, FrameSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            return new ImageFolderSource(path, options);
        if (!File.Exists(path))
            throw new FrameSourceException(path, "no such file or folder");
        return ImageFolderSource.IsImageFile(path)
            ? new ImageFolderSource(path, [Path.GetFullPath(path)], options)
            : new FfmpegVideoSource(path, options);
    }
}
