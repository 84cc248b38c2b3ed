using Microsoft.Win32.SafeHandles;
using OpenCvSharp;

namespace MLNet.Siamese.Imaging.Codecs;

/// <summary>
/// Reads image files (JPEG, PNG, BMP, TIFF, WebP and the other formats OpenCV reads; format chosen from the content, not
/// the name) into pooled 8-bit BGR frames with OpenCV's <c>imdecode</c>, as <c>cv2.imread</c> does: EXIF orientation
/// applied, grayscale, CMYK and alpha images converted to BGR, 16-bit images reduced to 8 bits.
/// Reuses one file buffer. Not thread-safe.
/// </summary>
/// <remarks>
/// OpenCV returns an empty image for any failure, without saying why, and decodes a truncated JPEG as a success
/// (grey rows): every result is checked, the file read here first (empty file, unreadable file) and JPEGs checked
/// for completeness (<see cref="JpegIntegrity"/>), so each failure becomes a <see cref="FrameSourceException"/> naming
/// the file and frame.
/// </remarks>
public sealed class ImageDecoder : IDisposable
{
    private byte[] _file = [];
    private bool _disposed;

    /// <summary>Decodes the image file at <paramref name="path"/> into a frame rented from <paramref name="pool"/>.</summary>
    /// <param name="path">An image file.</param>
    /// <param name="index">Index given to the frame and to error messages.</param>
    /// <param name="timestamp">Timestamp given to the frame.</param>
    /// <param name="pool">Pool for the pixel buffer; <see cref="FrameBufferPool.Shared"/> when null.</param>
    /// <exception cref="FrameSourceException">Unreadable, not an image, truncated or corrupt; names the file and frame.</exception>
    /// <exception cref="NativeDependencyException">OpenCV's native library cannot be loaded.</exception>
    public Frame Decode(string path, long index = 0, TimeSpan timestamp = default, FrameBufferPool? pool = null)
    {
        using var mat = DecodeMat(path, index);
        return MatFrame.Copy(mat, index, timestamp, pool);
    }

    /// <summary>The size of the image file at <paramref name="path"/> as <see cref="Decode"/> returns it (orientation applied).</summary>
    /// <param name="path">An image file.</param>
    /// <param name="frameIndex">Frame index used in error messages, when known.</param>
    /// <exception cref="FrameSourceException">Unreadable, not an image, truncated or corrupt; names the file.</exception>
    public ImageSize ReadSize(string path, long? frameIndex = null)
    {
        // OpenCV has no header-only read that applies EXIF orientation: decode (once per folder, for its first image).
        using var mat = DecodeMat(path, frameIndex);
        return new ImageSize(mat.Width, mat.Height);
    }

    private Mat DecodeMat(string path, long? index)
    {
        var data = ReadFile(path, index);
        OpenCvRuntime.EnsureLoaded();
        string? format = FormatOf(data);
        if (format == "JPEG" && JpegIntegrity.Problem(data) is { } problem)
            throw new FrameSourceException(path, problem, index);
        var mat = Cv2.ImDecode(data, ImreadModes.Color);
        if (mat.Empty() || mat.Type() != MatType.CV_8UC3)
        {
            mat.Dispose();
            throw new FrameSourceException(path, format is null
                ? $"not an image OpenCV reads (JPEG, PNG, BMP, TIFF, WebP, ...; the file starts with {Convert.ToHexString(data[..Math.Min(4, data.Length)])})"
                : $"{format}: corrupt or truncated (OpenCV cannot decode it)", index);
        }
        return mat;
    }

    /// <summary>The format named by the file's signature, for messages; null when none is recognised.</summary>
    internal static string? FormatOf(ReadOnlySpan<byte> d)
    {
        if (JpegIntegrity.IsJpeg(d)) return "JPEG";
        if (d.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "PNG";
        if (d.StartsWith("BM"u8)) return "BMP";
        if (d.StartsWith("II*\0"u8) || d.StartsWith("MM\0*"u8)) return "TIFF";
        if (d.Length >= 12 && d.StartsWith("RIFF"u8) && d[8..12].SequenceEqual("WEBP"u8)) return "WebP";
        return null;
    }

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
                if (n == 0) break; // shrank while reading: decode what is there, the checks judge it
                total += n;
            }
            return _file.AsSpan(0, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FrameSourceException(path, $"cannot read the file: {e.Message}", index, e);
        }
    }

    /// <summary>Frees the file buffer.</summary>
    public void Dispose()
    {
        _disposed = true;
        _file = [];
    }
}
