using System.Text;

namespace MLNet.Siamese.Imaging.Codecs;

/// <summary>
/// Decodes PNG files to BGR <see cref="Frame"/>s with libpng's simplified API. For 8-bit files the bytes equal
/// OpenCV's <c>cv2.imread</c>: grey, palette and low-bit-depth images are expanded to BGR and an alpha channel is
/// dropped (not composited), as OpenCV does.
/// </summary>
/// <remarks>
/// Differences from OpenCV, on purpose or by libpng's design: 16-bit files are scaled to 8 bits with rounding (OpenCV
/// truncates; values may differ by 1), and files with a non-sRGB gAMA chunk are gamma-corrected by libpng (OpenCV
/// ignores gAMA). libpng warnings (for example a bad ancillary chunk) do not fail decoding; errors (truncation, CRC
/// or zlib errors in image data) throw <see cref="FrameSourceException"/> with libpng's message.
/// Not thread-safe (reuses a scratch buffer); no native handle is held between calls.
/// </remarks>
public sealed unsafe class PngDecoder : IDisposable
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly LibPngApi _api;
    private byte[] _scratch = [];
    private bool _disposed;

    /// <summary>Creates a decoder over the system libpng.</summary>
    /// <exception cref="NativeDependencyException">libpng16-16 is not installed.</exception>
    public PngDecoder() : this(LibPngApi.Default) { }

    internal PngDecoder(LibPngApi api) => _api = api;

    /// <summary>True when <paramref name="data"/> starts with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    /// <summary>Reads the image size from the PNG header without decoding the pixels.</summary>
    /// <param name="data">The whole PNG file.</param>
    /// <param name="path">File name used in error messages.</param>
    /// <param name="frameIndex">Frame index used in error messages, when known.</param>
    /// <exception cref="FrameSourceException">Not a readable PNG.</exception>
    public ImageSize ReadSize(ReadOnlySpan<byte> data, string path, long? frameIndex = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var image = new PngImageStruct { Version = LibPngApi.ImageVersion };
        fixed (byte* src = data)
        {
            try
            {
                return Begin(&image, src, data.Length, path, frameIndex);
            }
            finally
            {
                _api.Free(&image);
            }
        }
    }

    /// <summary>Decodes a whole PNG file held in memory into a new frame rented from <paramref name="pool"/>.</summary>
    /// <param name="data">The whole PNG file.</param>
    /// <param name="path">File name used in error messages.</param>
    /// <param name="index">Index given to the frame (and to error messages).</param>
    /// <param name="timestamp">Timestamp given to the frame.</param>
    /// <param name="pool">Pool for the pixel buffer; <see cref="FrameBufferPool.Shared"/> when null.</param>
    /// <exception cref="FrameSourceException">Not a PNG, truncated or corrupt.</exception>
    public Frame Decode(ReadOnlySpan<byte> data, string path, long index = 0, TimeSpan timestamp = default, FrameBufferPool? pool = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var image = new PngImageStruct { Version = LibPngApi.ImageVersion };
        Frame? frame = null;
        // libpng keeps a pointer to the file bytes between begin_read and finish_read: both happen under one pin.
        fixed (byte* src = data)
        {
            try
            {
                var size = Begin(&image, src, data.Length, path, index);
                frame = Frame.Allocate(size.Width, size.Height, index, timestamp, pool);
                image.Flags |= LibPngApi.Flag16BitSrgb;
                if ((image.Format & LibPngApi.FormatFlagAlpha) == 0)
                {
                    image.Format = LibPngApi.FormatBgr;
                    fixed (byte* dst = frame.Buffer)
                        Finish(&image, dst, frame.Stride, path, index);
                }
                else
                {
                    // Asking libpng for BGR would composite onto the (undefined) buffer contents; OpenCV just drops alpha.
                    image.Format = LibPngApi.FormatBgra;
                    int bgraBytes = checked(size.Width * size.Height * 4);
                    if (_scratch.Length < bgraBytes) _scratch = GC.AllocateUninitializedArray<byte>(bgraBytes);
                    fixed (byte* dst = _scratch)
                        Finish(&image, dst, size.Width * 4, path, index);
                    DropAlpha(_scratch.AsSpan(0, bgraBytes), frame);
                }
                return frame;
            }
            catch
            {
                frame?.Dispose();
                throw;
            }
            finally
            {
                _api.Free(&image);
            }
        }
    }

    private ImageSize Begin(PngImageStruct* image, byte* src, int length, string path, long? frameIndex)
    {
        if (!IsPng(new ReadOnlySpan<byte>(src, length)))
            throw new FrameSourceException(path, "not a PNG file (bad signature)", frameIndex);
        if (_api.BeginReadFromMemory(image, src, (nuint)length) == 0)
            throw new FrameSourceException(path, $"invalid PNG: {Message(image)}", frameIndex);
        // BGRA scratch needs 4 bytes per pixel: keep every buffer size within int.
        if (image->Width == 0 || image->Height == 0 || (long)image->Width * image->Height * 4 > int.MaxValue)
            throw new FrameSourceException(path, $"unsupported PNG size {image->Width}x{image->Height}", frameIndex);
        return new ImageSize((int)image->Width, (int)image->Height);
    }

    private void Finish(PngImageStruct* image, byte* destination, int rowStride, string path, long index)
    {
        if (_api.FinishRead(image, null, destination, rowStride, null) == 0)
            throw new FrameSourceException(path, $"corrupt or truncated PNG: {Message(image)}", index);
    }

    private static void DropAlpha(ReadOnlySpan<byte> bgra, Frame frame)
    {
        int w = frame.Width;
        var dst = frame.Pixels;
        for (int y = 0; y < frame.Height; y++)
        {
            var s = bgra.Slice(y * w * 4, w * 4);
            var d = dst.Slice(y * frame.Stride, w * 3);
            for (int x = 0; x < w; x++)
            {
                d[3 * x] = s[4 * x];
                d[3 * x + 1] = s[4 * x + 1];
                d[3 * x + 2] = s[4 * x + 2];
            }
        }
    }

    private static string Message(PngImageStruct* image)
    {
        var bytes = new ReadOnlySpan<byte>(image->Message, 64);
        int end = bytes.IndexOf((byte)0);
        var text = Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
        return text.Length == 0 ? "unknown libpng error" : text;
    }

    /// <summary>Releases the scratch buffer; the decoder cannot be used afterwards.</summary>
    public void Dispose()
    {
        _disposed = true;
        _scratch = [];
    }
}
