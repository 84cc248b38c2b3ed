using Microsoft.Win32.SafeHandles;

namespace MLNet.Siamese.Imaging.Codecs;

/// <summary>
/// Reads JPEG and PNG files (format chosen from the file's first bytes, not its name) into pooled BGR frames.
/// Reuses one file buffer and one decoder per format, so a warm decoder allocates no frame-sized memory per file.
/// Not thread-safe; dispose to free the native decoder handles.
/// </summary>
public sealed class ImageDecoder : IDisposable
{
    private JpegDecoder? _jpeg;
    private PngDecoder? _png;
    private byte[] _file = [];
    private bool _disposed;

    /// <summary>Decodes the image file at <paramref name="path"/> into a frame rented from <paramref name="pool"/>.</summary>
    /// <param name="path">A JPEG or PNG file.</param>
    /// <param name="index">Index given to the frame and to error messages.</param>
    /// <param name="timestamp">Timestamp given to the frame.</param>
    /// <param name="pool">Pool for the pixel buffer; <see cref="FrameBufferPool.Shared"/> when null.</param>
    /// <exception cref="FrameSourceException">Unreadable, not JPEG/PNG, truncated or corrupt; names the file.</exception>
    /// <exception cref="NativeDependencyException">libturbojpeg or libpng is not installed.</exception>
    public Frame Decode(string path, long index = 0, TimeSpan timestamp = default, FrameBufferPool? pool = null)
    {
        var data = ReadFile(path, index);
        if (JpegDecoder.IsJpeg(data)) return Jpeg.Decode(data, path, index, timestamp, pool);
        if (PngDecoder.IsPng(data)) return Png.Decode(data, path, index, timestamp, pool);
        throw Unknown(path, data, index);
    }

    /// <summary>Reads the decoded size of the image file at <paramref name="path"/> from its header.</summary>
    /// <param name="path">A JPEG or PNG file.</param>
    /// <param name="frameIndex">Frame index used in error messages, when known.</param>
    /// <exception cref="FrameSourceException">Unreadable or not JPEG/PNG; names the file.</exception>
    public ImageSize ReadSize(string path, long? frameIndex = null)
    {
        var data = ReadFile(path, frameIndex);
        if (JpegDecoder.IsJpeg(data)) return Jpeg.ReadSize(data, path, frameIndex);
        if (PngDecoder.IsPng(data)) return Png.ReadSize(data, path, frameIndex);
        throw Unknown(path, data, frameIndex);
    }

    // Created on first use so that a JPEG-only folder does not need libpng and vice versa.
    private JpegDecoder Jpeg => _jpeg ??= new JpegDecoder();

    private PngDecoder Png => _png ??= new PngDecoder();

    private static FrameSourceException Unknown(string path, ReadOnlySpan<byte> data, long? index) =>
        new(path, $"not a JPEG or PNG image (starts with {Convert.ToHexString(data[..Math.Min(4, data.Length)])})", index);

    /// <summary>Reads the whole file into the reused buffer.</summary>
    private ReadOnlySpan<byte> ReadFile(string path, long? index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            long length = RandomAccess.GetLength(handle);
            if (length == 0) throw new FrameSourceException(path, "the file is empty", index);
            if (length > int.MaxValue / 2) throw new FrameSourceException(path, $"the file is too large for an image ({length} bytes)", index);
            if (_file.Length < length)
                _file = GC.AllocateUninitializedArray<byte>((int)Math.Min(int.MaxValue / 2, Math.Max(length, 2L * _file.Length)));
            int total = 0;
            while (total < length)
            {
                int n = RandomAccess.Read(handle, _file.AsSpan(total, (int)length - total), total);
                if (n == 0) break; // shrank while reading: decode what is there, the decoder judges it
                total += n;
            }
            return _file.AsSpan(0, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FrameSourceException(path, $"cannot read the file: {e.Message}", index, e);
        }
    }

    /// <summary>Frees the native decoders and buffers.</summary>
    public void Dispose()
    {
        _disposed = true;
        _jpeg?.Dispose();
        _png?.Dispose();
        _file = [];
    }
}
