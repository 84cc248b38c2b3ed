using Microsoft.Extensions.Logging;
using MLNet.Siamese.Batch;
using MLNet.Siamese.Inference;

namespace MLNet.Siamese.Cluster;

/// <summary>How a cluster worker joins its cluster and runs the jobs it leases.</summary>
public sealed record ClusterWorkerOptions
{
    /// <summary>The membership store, <c>redis://host:port</c> (also holds the job board's state).</summary>
    public required string Membership { get; init; }

    /// <summary>The shared output folder: the same folder (however mounted) on every worker and the submitter.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The cluster's name: workers and submitter of one cluster use the same. Default <c>siamese</c>.</summary>
    public string ClusterId { get; init; } = ClusterMembership.DefaultClusterId;

    /// <summary>The worker's name in progress and summaries (unique in the cluster). Default: host name and silo port.</summary>
    public string? WorkerName { get; init; }

    /// <summary>Silo-to-silo port. Default 11111; each worker on one machine needs its own.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>Port the submitter connects to. Default 30000; each worker on one machine needs its own.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>The address other machines reach this worker at; null picks this machine's first non-loopback IPv4 address.</summary>
    public string? AdvertisedAddress { get; init; }

    /// <summary>The model pack used when a submission names none (the worker's bundled default).</summary>
    public required string DefaultModel { get; init; }

    /// <summary>Device and threads of the model.</summary>
    public InferenceOptions Inference { get; init; } = new();

    /// <summary>How the worker schedules its pipeline (open videos, batch size, threads); the frame limit comes from the submission.</summary>
    public BatchOptions Batch { get; init; } = new();

    /// <summary>Receives the worker's and Orleans' log; null for none.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
