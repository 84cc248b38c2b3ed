namespace MLNet.Siamese.Batch;

/// <summary>The end of one job.</summary>
/// <param name="Status">Completed, failed, cancelled or skipped.</param>
/// <param name="Frames">Frames decoded and tracked.</param>
/// <param name="Records">Track records produced (one per started target per frame).</param>
/// <param name="Error">Why the job failed (names the file, frame or target); null otherwise.</param>
public sealed record JobOutcome(JobStatus Status, long Frames, long Records, string? Error = null);

/// <summary>How a job ended.</summary>
public enum JobStatus
{
    /// <summary>Every frame was tracked and the outputs are complete.</summary>
    Completed,

    /// <summary>The job stopped on an error (missing or corrupt video, invalid box, decode error); see its reason.</summary>
    Failed,

    /// <summary>The run was cancelled before the job finished; nothing of it was kept.</summary>
    Cancelled,

    /// <summary>A resumed run found the job already completed by an earlier run and kept those outputs.</summary>
    Skipped,
}

/// <summary>One job in a run summary.</summary>
/// <param name="Id">Job id.</param>
/// <param name="Video">Video file or frame folder.</param>
/// <param name="Targets">Number of targets.</param>
/// <param name="Outcome">How the job ended (for a skipped job: what the earlier run recorded).</param>
public sealed record JobSummary(string Id, string Video, int Targets, JobOutcome Outcome);
