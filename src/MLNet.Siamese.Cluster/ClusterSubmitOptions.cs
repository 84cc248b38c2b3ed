using Microsoft.Extensions.Logging;

namespace MLNet.Siamese.Cluster;

/// <summary>How a job list is submitted to a cluster and followed to its end.</summary>
public sealed record ClusterSubmitOptions
{
    /// <summary>The membership store, <c>redis://host:port</c>.</summary>
    public required string Membership { get; init; }

    /// <summary>The shared output folder (the workers' <see cref="ClusterWorkerOptions.OutputDirectory"/>, as mounted here).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The cluster's name. Default <c>siamese</c>.</summary>
    public string ClusterId { get; init; } = ClusterMembership.DefaultClusterId;

    /// <summary>The model pack, at a path every worker can read; null for each worker's default model.</summary>
    public string? Model { get; init; }

    /// <summary>Most frames tracked per video, counted from its first target's start frame; null for all.</summary>
    public long? MaxFrames { get; init; }

    /// <summary>How long to wait for a first worker to reach. Default 60 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the cluster may stay unreachable before the submitter gives up (the workers go on). Default 120 s.</summary>
    public TimeSpan LostTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Receives progress; null for none.</summary>
    public IClusterProgress? Progress { get; init; }

    /// <summary>Receives the Orleans client's log; null for none.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
