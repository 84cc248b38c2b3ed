using OpenCvSharp;

namespace MLNet.Siamese.Imaging;

/// <summary>
/// Bridge between OpenCV's <see cref="Mat"/> (OpenCvSharp) and <see cref="Frame"/>, the trackers' input.
/// An 8-bit BGR Mat (<c>CV_8UC3</c>, continuous or a region of a larger image) is viewed without a copy; grayscale and
/// BGRA Mats are converted; other depths are refused with an <see cref="ArgumentException"/> saying what to do.
/// </summary>
public static class MatFrame
{
    /// <summary>
    /// A frame over <paramref name="mat"/>'s pixels. <c>CV_8UC3</c> (BGR): no copy, the frame views the Mat's memory, so
    /// keep the Mat alive and unchanged while the frame is used (disposing the frame leaves the Mat alone).
    /// <c>CV_8UC1</c> (gray) and <c>CV_8UC4</c> (BGRA): converted to BGR into memory the frame owns.
    /// </summary>
    /// <param name="mat">The image, as <c>cv::imread</c> / <c>VideoCapture.Read</c> give it.</param>
    /// <param name="index">Index given to the frame.</param>
    /// <param name="timestamp">Timestamp given to the frame.</param>
    /// <exception cref="ArgumentException">The Mat is empty, not 2-D, or not 8-bit with 1, 3 or 4 channels.</exception>
    /// <exception cref="NativeDependencyException">OpenCV's native library cannot be loaded.</exception>
    public static Frame Wrap(Mat mat, long index = 0, TimeSpan timestamp = default)
    {
        ArgumentNullException.ThrowIfNull(mat);
        Codecs.OpenCvRuntime.EnsureLoaded();
        var type = Check(mat, nameof(mat));
        if (type == MatType.CV_8UC3)
            return new Frame(mat.Data, mat.Width, mat.Height, checked((int)mat.Step()), index, timestamp, owner: null);
        var bgr = new Mat();
        try
        {
            Cv2.CvtColor(mat, bgr, type == MatType.CV_8UC1 ? ColorConversionCodes.GRAY2BGR : ColorConversionCodes.BGRA2BGR);
            return new Frame(bgr.Data, bgr.Width, bgr.Height, checked((int)bgr.Step()), index, timestamp, owner: bgr);
        }
        catch
        {
            bgr.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A Mat header over <paramref name="frame"/>'s pixels (<c>CV_8UC3</c>, no copy): drawing on it draws on the frame.
    /// Dispose the Mat before the frame.
    /// </summary>
    /// <param name="frame">The frame to view.</param>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    /// <exception cref="NativeDependencyException">OpenCV's native library cannot be loaded.</exception>
    public static Mat ToMat(this Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Codecs.OpenCvRuntime.EnsureLoaded();
        if (frame.NativeData != IntPtr.Zero)
            return Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC3, frame.NativeData, frame.Stride);
        // The Mat pins the managed buffer (a GC handle) until it is disposed.
        var buffer = frame.ManagedBuffer ?? throw new ObjectDisposedException(nameof(Frame));
        return Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC3, buffer, frame.Stride);
    }

    /// <summary>Copies an 8-bit BGR Mat into a frame rented from <paramref name="pool"/>.</summary>
    internal static Frame Copy(Mat mat, long index, TimeSpan timestamp, FrameBufferPool? pool)
    {
        int width = mat.Width, height = mat.Height, row = width * 3;
        var frame = Frame.Allocate(width, height, index, timestamp, pool);
        var dst = frame.Pixels;
        long step = mat.Step();
        unsafe
        {
            byte* src = (byte*)mat.Data;
            if (step == row)
                new ReadOnlySpan<byte>(src, row * height).CopyTo(dst);
            else
                for (int y = 0; y < height; y++)
                    new ReadOnlySpan<byte>(src + y * step, row).CopyTo(dst.Slice(y * row, row));
        }
        return frame;
    }

    private static MatType Check(Mat mat, string name)
    {
        if (mat.IsDisposed) throw new ObjectDisposedException(name);
        if (mat.Empty()) throw new ArgumentException("the Mat is empty (an image that could not be read?)", name);
        if (mat.Dims != 2) throw new ArgumentException($"the Mat has {mat.Dims} dimensions; an image has 2", name);
        var type = mat.Type();
        if (type != MatType.CV_8UC3 && type != MatType.CV_8UC1 && type != MatType.CV_8UC4)
            throw new ArgumentException($"the Mat is {type}; trackers take 8-bit BGR (CV_8UC3; CV_8UC1 and CV_8UC4 are converted): " +
                                        "convert it first (e.g. Mat.ConvertTo to CV_8U, then Cv2.CvtColor to BGR)", name);
        return type;
    }
}
