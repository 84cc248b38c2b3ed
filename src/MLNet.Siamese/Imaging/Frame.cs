namespace MLNet.Siamese.Imaging;

/// <summary>
/// One decoded image: 8-bit BGR, interleaved, rows of <see cref="Stride"/> bytes (OpenCV's layout).
/// Owns a pooled buffer (or views memory owned by someone else, such as an OpenCV <c>Mat</c>: see <c>MatFrame</c> in MLNet.Siamese.Media):
/// dispose it to give the buffer back; do not use it afterwards.
/// </summary>
public sealed unsafe class Frame : IDisposable
{
    private byte[]? _buffer;
    private readonly FrameBufferPool? _pool;
    private byte* _native;
    private IDisposable? _owner;

    /// <summary>Wraps <paramref name="buffer"/> (at least <c>stride*height</c> bytes); returned to <paramref name="pool"/> on dispose when given.</summary>
    public Frame(byte[] buffer, int width, int height, int stride, long index, TimeSpan timestamp, FrameBufferPool? pool = null)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (stride < width * 3) throw new ArgumentOutOfRangeException(nameof(stride), "stride is smaller than width*3");
        if ((long)stride * height > buffer.Length) throw new ArgumentException("buffer is smaller than stride*height", nameof(buffer));
        _buffer = buffer;
        _pool = pool;
        Width = width;
        Height = height;
        Stride = stride;
        Index = index;
        Timestamp = timestamp;
    }

    /// <summary>
    /// Views <c>stride*height</c> bytes of native memory at <paramref name="data"/> without copying; on dispose
    /// <paramref name="owner"/> (when given) is disposed. The memory must stay valid until the frame is disposed.
    /// </summary>
    internal Frame(IntPtr data, int width, int height, int stride, long index, TimeSpan timestamp, IDisposable? owner)
    {
        if (data == IntPtr.Zero) throw new ArgumentNullException(nameof(data));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (stride < width * 3) throw new ArgumentOutOfRangeException(nameof(stride), "stride is smaller than width*3");
        if ((long)stride * height > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(height), "the image is larger than 2 GB");
        _native = (byte*)data;
        _owner = owner;
        Width = width;
        Height = height;
        Stride = stride;
        Index = index;
        Timestamp = timestamp;
    }

    /// <summary>Allocates a frame from <paramref name="pool"/> with a tight stride (<c>width*3</c>).</summary>
    public static Frame Allocate(int width, int height, long index, TimeSpan timestamp, FrameBufferPool? pool = null)
    {
        pool ??= FrameBufferPool.Shared;
        return new Frame(pool.Rent(checked(width * height * 3)), width, height, width * 3, index, timestamp, pool);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Bytes per row.</summary>
    public int Stride { get; }

    /// <summary>Zero-based position in its source.</summary>
    public long Index { get; }

    /// <summary>Presentation time (from the container for videos; index / nominal rate for image folders).</summary>
    public TimeSpan Timestamp { get; }

    /// <summary>The pixels, <c>Stride*Height</c> bytes (the last row may end at <c>Width*3</c> for a view of a larger image).</summary>
    public Span<byte> Pixels => Memory(0, Length);

    /// <summary>The pixels, read-only.</summary>
    public ReadOnlySpan<byte> ReadOnlyPixels => Memory(0, Length);

    /// <summary>One row of pixels.</summary>
    public ReadOnlySpan<byte> Row(int y)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)y, (uint)Height, nameof(y));
        return Memory(y * Stride, Width * 3);
    }

    /// <summary>The pooled array of a frame over managed memory (may be longer than the image); null for a view or once disposed.</summary>
    internal byte[]? ManagedBuffer => _buffer;

    /// <summary>Address of the first pixel of a frame over native memory; null for a frame over a managed buffer.</summary>
    internal IntPtr NativeData => (IntPtr)_native;

    /// <summary>Bytes covered: a full last row for pooled buffers, <c>Width*3</c> for the last row of a view (a Mat ROI ends there).</summary>
    private int Length => _native is null ? Stride * Height : Stride * (Height - 1) + Width * 3;

    private Span<byte> Memory(int start, int length)
    {
        if (_buffer is { } buffer) return buffer.AsSpan(start, length);
        if (_native is not null) return new Span<byte>(_native + start, length);
        throw new ObjectDisposedException(nameof(Frame));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _native = null;
        Interlocked.Exchange(ref _owner, null)?.Dispose();
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null) _pool?.Return(buffer);
    }
}
