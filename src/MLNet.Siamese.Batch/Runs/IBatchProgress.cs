namespace MLNet.Siamese.Batch;

/// <summary>Receives progress from <see cref="BatchRunner"/>, on one thread, in event order.</summary>
public interface IBatchProgress
{
    /// <summary>A job's video is open; <paramref name="expectedFrames"/> is null when its length is unknown.</summary>
    void JobStarted(BatchJob job, long? expectedFrames);

    /// <summary><paramref name="framesDone"/> frames of <paramref name="job"/> are tracked.</summary>
    void FramesTracked(BatchJob job, long framesDone);

    /// <summary>A job ended (also reported for jobs skipped by a resume, before the others start).</summary>
    void JobFinished(BatchJob job, JobOutcome outcome);

    /// <summary>
    /// Something the user should know that does not fail the job, such as a resumed run redoing a job whose earlier
    /// output no longer matches its completion marker. Ignored unless implemented.
    /// </summary>
    void Warning(BatchJob job, string message) { }
}
