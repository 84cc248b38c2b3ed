using System.Runtime.InteropServices;

namespace MLNet.Siamese.Imaging.Codecs;

/// <summary>
/// Decodes JPEG files to BGR <see cref="Frame"/>s with libturbojpeg, bit-identical to OpenCV's <c>cv2.imread</c>
/// (same libjpeg-turbo, accurate DCT, fancy upsampling, EXIF orientation applied). Grayscale JPEGs come out as BGR.
/// </summary>
/// <remarks>
/// <para>Policy for damaged files: libjpeg reports a truncated or corrupt entropy stream only as a <em>warning</em>
/// and fills the rest of the image with grey. Any warning is treated as an error here
/// (<see cref="FrameSourceException"/> naming the file), so a damaged frame never reaches a tracker as silent garbage.</para>
/// <para>One instance owns one TurboJPEG handle: reuse it for many files, do not share it between threads,
/// dispose it to free the handle.</para>
/// </remarks>
public sealed unsafe class JpegDecoder : IDisposable
{
    private readonly TurboJpegApi _api;
    private IntPtr _handle;
    private byte[] _scratch = [];

    /// <summary>Creates a decoder over the system libturbojpeg.</summary>
    /// <exception cref="NativeDependencyException">libturbojpeg0 is not installed.</exception>
    public JpegDecoder() : this(TurboJpegApi.Default) { }

    internal JpegDecoder(TurboJpegApi api)
    {
        _api = api;
        _handle = api.InitDecompress();
        if (_handle == IntPtr.Zero)
            throw new SiameseException("tjInitDecompress failed (out of memory?)");
    }

    /// <summary>True when <paramref name="data"/> starts like a JPEG file (SOI marker).</summary>
    public static bool IsJpeg(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;

    /// <summary>Reads the size of the decoded image (after EXIF orientation) without decoding the pixels.</summary>
    /// <param name="data">The whole JPEG file.</param>
    /// <param name="path">File name used in error messages.</param>
    /// <param name="frameIndex">Frame index used in error messages, when known.</param>
    /// <exception cref="FrameSourceException">Not a readable JPEG.</exception>
    public ImageSize ReadSize(ReadOnlySpan<byte> data, string path, long? frameIndex = null)
    {
        var (w, h) = ReadHeader(data, path, frameIndex);
        return ExifOrientation.SwapsAxes(ExifOrientation.ReadFromJpeg(data)) ? new ImageSize(h, w) : new ImageSize(w, h);
    }

    /// <summary>Decodes a whole JPEG file held in memory into a new frame rented from <paramref name="pool"/>.</summary>
    /// <param name="data">The whole JPEG file.</param>
    /// <param name="path">File name used in error messages.</param>
    /// <param name="index">Index given to the frame (and to error messages).</param>
    /// <param name="timestamp">Timestamp given to the frame.</param>
    /// <param name="pool">Pool for the pixel buffer; <see cref="FrameBufferPool.Shared"/> when null.</param>
    /// <exception cref="FrameSourceException">Not a JPEG, truncated or corrupt (any libjpeg warning).</exception>
    public Frame Decode(ReadOnlySpan<byte> data, string path, long index = 0, TimeSpan timestamp = default, FrameBufferPool? pool = null)
    {
        var (width, height) = ReadHeader(data, path, index);
        int orientation = ExifOrientation.ReadFromJpeg(data);
        bool swap = ExifOrientation.SwapsAxes(orientation);
        var frame = Frame.Allocate(swap ? height : width, swap ? width : height, index, timestamp, pool);
        try
        {
            if (orientation == 1)
            {
                DecodePixels(data, frame.Buffer, width, height, frame.Stride, path, index);
            }
            else
            {
                int size = checked(width * height * 3);
                if (_scratch.Length < size) _scratch = GC.AllocateUninitializedArray<byte>(size);
                DecodePixels(data, _scratch, width, height, width * 3, path, index);
                ExifOrientation.Apply(_scratch.AsSpan(0, size), width, height, orientation, frame.Pixels, frame.Stride);
            }
            return frame;
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    private (int Width, int Height) ReadHeader(ReadOnlySpan<byte> data, string path, long? frameIndex)
    {
        var handle = Handle;
        if (!IsJpeg(data))
            throw new FrameSourceException(path, "not a JPEG file (no SOI marker)", frameIndex);
        int width, height, subsampling, colorspace;
        fixed (byte* src = data)
        {
            if (_api.DecompressHeader3(handle, src, new CULong((nuint)data.Length), &width, &height, &subsampling, &colorspace) != 0)
                throw new FrameSourceException(path, $"invalid JPEG header: {_api.ErrorMessage(handle)}", frameIndex);
        }
        // Frame sizes are int byte counts: refuse images whose BGR buffer would not fit (corrupt or hostile headers).
        if (width <= 0 || height <= 0 || (long)width * height * 3 > int.MaxValue)
            throw new FrameSourceException(path, $"unsupported JPEG size {width}x{height}", frameIndex);
        return (width, height);
    }

    private void DecodePixels(ReadOnlySpan<byte> data, Span<byte> destination, int width, int height, int stride, string path, long index)
    {
        var handle = Handle;
        fixed (byte* src = data)
        fixed (byte* dst = destination)
        {
            int flags = TurboJpegApi.FlagStopOnWarning | TurboJpegApi.FlagLimitScans;
            if (_api.Decompress2(handle, src, new CULong((nuint)data.Length), dst, width, stride, height, TurboJpegApi.PixelFormatBgr, flags) != 0)
            {
                // Code 0 is a libjpeg warning (typically "Premature end of JPEG file"): partial image, rejected on purpose.
                string kind = _api.GetErrorCode(handle) == 0 ? "corrupt or truncated JPEG" : "cannot decode JPEG";
                throw new FrameSourceException(path, $"{kind}: {_api.ErrorMessage(handle)}", index);
            }
        }
    }

    private IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(JpegDecoder));

    /// <summary>Frees the TurboJPEG handle.</summary>
    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (handle != IntPtr.Zero) _api.Destroy(handle);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the handle if the decoder was not disposed.</summary>
    ~JpegDecoder()
    {
        var handle = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (handle != IntPtr.Zero) _api.Destroy(handle);
    }
}
