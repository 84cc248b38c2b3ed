using System.Collections.Concurrent;

namespace MLNet.Siamese.Imaging;

/// <summary>
/// Pool of exact-size pixel buffers so that decoding a stream allocates no frame-sized array per frame once warm.
/// Thread-safe. Buffers are keyed by length; a bounded number is retained per length.
/// </summary>
public sealed class FrameBufferPool
{
    private readonly ConcurrentDictionary<int, ConcurrentBag<byte[]>> _free = new();
    private readonly int _maxRetainedPerSize;

    /// <summary>The process-wide pool used when a source is given none.</summary>
    public static FrameBufferPool Shared { get; } = new(64);

    /// <summary>Creates a pool retaining at most <paramref name="maxRetainedPerSize"/> free buffers per length.</summary>
    public FrameBufferPool(int maxRetainedPerSize = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRetainedPerSize);
        _maxRetainedPerSize = maxRetainedPerSize;
    }

    /// <summary>Number of buffers allocated by this pool since creation (for tests and diagnostics).</summary>
    public long AllocationCount => Interlocked.Read(ref _allocations);
    private long _allocations;

    /// <summary>Takes a buffer of exactly <paramref name="length"/> bytes (contents undefined).</summary>
    public byte[] Rent(int length)
    {
        if (_free.TryGetValue(length, out var bag) && bag.TryTake(out var buffer))
            return buffer;
        Interlocked.Increment(ref _allocations);
        return GC.AllocateUninitializedArray<byte>(length);
    }

    /// <summary>Gives a buffer back; it must not be used afterwards.</summary>
    public void Return(byte[] buffer)
    {
        var bag = _free.GetOrAdd(buffer.Length, _ => new ConcurrentBag<byte[]>());
        if (bag.Count < _maxRetainedPerSize)
            bag.Add(buffer);
    }
}
