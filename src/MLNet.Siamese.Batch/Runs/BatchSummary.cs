namespace MLNet.Siamese.Batch;

/// <summary>What a batch run did: every job's outcome, where the time went and how much memory it took.</summary>
public sealed record BatchSummary
{
    /// <summary>Model pack name.</summary>
    public required string Model { get; init; }

    /// <summary>Device inference ran on.</summary>
    public required string Device { get; init; }

    /// <summary>The scheduling options used.</summary>
    public required BatchOptions Options { get; init; }

    /// <summary>Every job of the list, in list order.</summary>
    public required IReadOnlyList<JobSummary> Jobs { get; init; }

    /// <summary>Pipeline figures of this run (jobs skipped by a resume are not in them).</summary>
    public required BatchStatistics Statistics { get; init; }

    /// <summary>Memory and GC figures at the end of the run.</summary>
    public required ResourceUsage Resources { get; init; }

    /// <summary>True when the run was cancelled (Ctrl+C) before every job ended.</summary>
    public bool Interrupted { get; init; }

    /// <summary>Jobs completed by this run.</summary>
    public int Completed => Count(JobStatus.Completed);

    /// <summary>Jobs that failed.</summary>
    public int Failed => Count(JobStatus.Failed);

    /// <summary>Jobs cancelled.</summary>
    public int Cancelled => Count(JobStatus.Cancelled);

    /// <summary>Jobs skipped because an earlier run completed them.</summary>
    public int Skipped => Count(JobStatus.Skipped);

    private int Count(JobStatus status) => Jobs.Count(j => j.Outcome.Status == status);
}
