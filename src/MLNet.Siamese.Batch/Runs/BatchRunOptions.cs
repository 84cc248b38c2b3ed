namespace MLNet.Siamese.Batch;

/// <summary>Where and how <see cref="BatchRunner"/> writes a run's outputs.</summary>
public sealed record BatchRunOptions
{
    /// <summary>The output folder (created when missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Skip jobs an earlier run into the same folder completed with the same inputs; otherwise they run again.</summary>
    public bool Resume { get; init; }

    /// <summary>Receives progress; null for none.</summary>
    public IBatchProgress? Progress { get; init; }
}
