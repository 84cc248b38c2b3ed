using MLNet.Siamese.Output;

namespace MLNet.Siamese.Mapping;

/// <summary>The outcome of one <see cref="VideoTrackRequest"/>: the track, or the reason there is none.</summary>
/// <param name="Video">The video as given in the request.</param>
/// <param name="TargetId">The target identifier (defaulted when the request had none).</param>
/// <param name="Records">One record per tracked frame, the initialisation frame first; empty on error.</param>
/// <param name="Error">Why the video could not be tracked (naming the file or field); null on success.</param>
public sealed record VideoTrackResult(string Video, string TargetId, IReadOnlyList<TrackRecord> Records, string? Error)
{
    /// <summary>Status text of a tracked video.</summary>
    public const string StatusOk = "ok";

    /// <summary>Status text of a video that could not be tracked.</summary>
    public const string StatusError = "error";

    /// <summary>True when the video was tracked.</summary>
    public bool Succeeded => Error is null;

    /// <summary><see cref="StatusOk"/> or <see cref="StatusError"/>.</summary>
    public string Status => Succeeded ? StatusOk : StatusError;
}
