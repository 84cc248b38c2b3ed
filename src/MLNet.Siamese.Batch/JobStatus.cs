namespace MLNet.Siamese.Batch;

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
