namespace MLNet.Siamese.Imaging;

/// <summary>
/// One decoded image: 8-bit BGR, interleaved, rows of <see cref="Stride"/> bytes (OpenCV's layout).
/// Owns a pooled buffer: dispose it to give the buffer back; do not use it afterwards.
/// </summary>
public sealed class Frame : IDisposable
{
    private byte[]? _buffer;
    private readonly FrameBufferPool? _pool;

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

    /// <summary>The pixels, <c>Stride*Height</c> bytes.</summary>
    public Span<byte> Pixels => Buffer.AsSpan(0, Stride * Height);

    /// <summary>The pixels, read-only.</summary>
    public ReadOnlySpan<byte> ReadOnlyPixels => Buffer.AsSpan(0, Stride * Height);

    /// <summary>The underlying array (may be longer than the image).</summary>
    internal byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(Frame));

    /// <summary>One row of pixels.</summary>
    public ReadOnlySpan<byte> Row(int y) => Buffer.AsSpan(y * Stride, Width * 3);

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null) _pool?.Return(buffer);
    }
}
