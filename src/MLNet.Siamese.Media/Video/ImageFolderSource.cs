using MLNet.Siamese.Imaging;
using MLNet.Siamese.Imaging.Codecs;

namespace MLNet.Siamese.Video;

/// <summary>
/// Frames from a folder of image files (<c>.jpg</c>, <c>.jpeg</c>, <c>.png</c>, <c>.bmp</c>, <c>.tif</c>, <c>.tiff</c>, <c>.webp</c>) (extension case-insensitive, no sub-folders,
/// names starting with '.' ignored) in natural order (<c>img2.jpg</c> before <c>img10.jpg</c>). The frame size is that
/// of the first image; every other image must have the same size. Timestamps are <c>index / FramesPerSecond</c>.
/// </summary>
public sealed class ImageFolderSource : IFrameSource
{
    private static readonly string[] s_extensions = [".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"];

    private readonly ImageDecoder _decoder = new();
    private readonly FrameBufferPool? _pool;
    private readonly string[] _files;
    private long _next;
    private bool _disposed;

    /// <summary>Lists and checks the folder; decodes nothing but the first image's header.</summary>
    /// <param name="folder">The folder of images.</param>
    /// <param name="options">Pool, frame rate and start frame; defaults when null.</param>
    /// <exception cref="FrameSourceException">The folder is missing, holds no images, its first image is unreadable,
    /// or the start frame is past the last image.</exception>
    public ImageFolderSource(string folder, FrameSourceOptions? options = null)
        : this(folder, ListImages(folder), options)
    {
    }

    /// <summary>
    /// A source over an explicit list of image files, in the order given (the frames of an annotated sequence, a single
    /// image, a selection made by the caller).
    /// </summary>
    /// <param name="path">What <see cref="Path"/> reports and error messages name (the sequence folder, say).</param>
    /// <param name="files">The image files, one per frame; all of the first image's size.</param>
    /// <param name="options">Pool, frame rate and start frame; defaults when null.</param>
    /// <exception cref="FrameSourceException">The list is empty, its first image is unreadable, or the start frame is past its end.</exception>
    public ImageFolderSource(string path, IReadOnlyList<string> files, FrameSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        options ??= new FrameSourceOptions();
        options.Validate();
        Path = path;
        _files = [.. files];
        _pool = options.Pool;
        FramesPerSecond = options.FramesPerSecond;
        if (_files.Length == 0)
            throw new FrameSourceException(path, $"no images ({string.Join(", ", s_extensions)}) in the folder");
        if (options.StartFrame >= _files.Length)
            throw new FrameSourceException(path, $"start frame {options.StartFrame} is past the last image (the folder has {_files.Length})");
        StartFrame = options.StartFrame;
        _next = options.StartFrame;
        try
        {
            var size = _decoder.ReadSize(_files[0], 0);
            Width = size.Width;
            Height = size.Height;
        }
        catch
        {
            _decoder.Dispose();
            throw;
        }
    }

    /// <summary>The folder (or the single image file).</summary>
    public string Path { get; }

    /// <summary>Width of the first image.</summary>
    public int Width { get; }

    /// <summary>Height of the first image.</summary>
    public int Height { get; }

    /// <summary>Number of images in the folder (not reduced by <see cref="StartFrame"/>).</summary>
    public long? FrameCount => _files.Length;

    /// <summary>The rate used for timestamps (<see cref="FrameSourceOptions.FramesPerSecond"/>).</summary>
    public double? FramesPerSecond { get; }

    /// <summary>Index of the first frame returned.</summary>
    public long StartFrame { get; }

    /// <summary>Full paths of the images in frame order: frame <c>i</c> is <c>Files[i]</c>.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <inheritdoc />
    /// <exception cref="FrameSourceException">The image is unreadable, corrupt, or of another size than the first; names it.</exception>
    public Frame? ReadNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_next >= _files.Length) return null;
        long index = _next;
        string file = _files[index];
        var timestamp = TimeSpan.FromTicks((long)Math.Round(index * (TimeSpan.TicksPerSecond / FramesPerSecond!.Value)));
        var frame = _decoder.Decode(file, index, timestamp, _pool);
        if (frame.Width != Width || frame.Height != Height)
        {
            var size = new ImageSize(frame.Width, frame.Height);
            frame.Dispose();
            throw new FrameSourceException(file,
                $"image is {size} but the first image ({System.IO.Path.GetFileName(_files[0])}) is {Width}x{Height}; all frames must share one size",
                index);
        }
        _next = index + 1;
        return frame;
    }

    /// <summary>Frees the decoders.</summary>
    public void Dispose()
    {
        _disposed = true;
        _decoder.Dispose();
    }

    /// <summary>True when <paramref name="path"/> has an image extension this source reads.</summary>
    public static bool IsImageFile(string path) =>
        s_extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static string[] ListImages(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
            throw new FrameSourceException(folder, File.Exists(folder) ? "is a file, not a folder of images" : "folder not found");
        try
        {
            // A folder named like a frame (0005.jpg/) would be skipped silently and shift every later frame number
            // away from its file name: refuse it instead.
            var lookalike = Directory.EnumerateDirectories(folder)
                .FirstOrDefault(d => IsImageFile(d) && !System.IO.Path.GetFileName(d).StartsWith('.'));
            if (lookalike is not null)
                throw new FrameSourceException(folder, $"'{System.IO.Path.GetFileName(lookalike)}' is a folder, not an image: frame numbers " +
                                                       "would no longer match file names (rename or move it)");
            var files = Directory.EnumerateFiles(folder)
                .Where(f => IsImageFile(f) && !System.IO.Path.GetFileName(f).StartsWith('.'))
                .ToArray();
            // Sort by name only: the folder part is common, and natural order must not depend on it.
            Array.Sort(files, (a, b) => NaturalFileNameComparer.Instance.Compare(System.IO.Path.GetFileName(a), System.IO.Path.GetFileName(b)));
            return files.Select(System.IO.Path.GetFullPath).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FrameSourceException(folder, $"cannot list the folder: {e.Message}", null, e);
        }
    }
}
