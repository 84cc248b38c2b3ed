using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Video;

/// <summary>Options of a <see cref="LiveFrameSource"/> (a camera or a network stream).</summary>
public sealed class LiveSourceOptions
{
    /// <summary>Pool the frames' pixel buffers come from; <see cref="FrameBufferPool.Shared"/> when null.</summary>
    public FrameBufferPool? Pool { get; init; }

    /// <summary>
    /// Longest wait for the stream to open or for its next frame before it counts as stalled. Default 5 s.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times to reopen the stream after it ends or stalls before giving up. Default 0.</summary>
    public int Reconnects { get; init; }

    /// <summary>Pause before each reconnection attempt. Default 0.5 s.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    internal void Validate()
    {
        if (StallTimeout <= TimeSpan.Zero || StallTimeout > TimeSpan.FromHours(1))
            throw new ArgumentOutOfRangeException(nameof(StallTimeout), StallTimeout, "must be positive and at most an hour");
        ArgumentOutOfRangeException.ThrowIfNegative(Reconnects);
        if (ReconnectDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ReconnectDelay), ReconnectDelay, "must not be negative");
    }
}
