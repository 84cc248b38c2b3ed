namespace MLNet.Siamese.Batch;

/// <summary>One job in a run summary.</summary>
/// <param name="Id">Job id.</param>
/// <param name="Video">Video file or frame folder.</param>
/// <param name="Targets">Number of targets.</param>
/// <param name="Outcome">How the job ended (for a skipped job: what the earlier run recorded).</param>
public sealed record JobSummary(string Id, string Video, int Targets, JobOutcome Outcome);
