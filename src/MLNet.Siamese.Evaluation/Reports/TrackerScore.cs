namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>One tracker's scores: per sequence and over the dataset (the protocol's field is set).</summary>
/// <param name="Tracker">Tracker name.</param>
/// <param name="Sequences">Per-sequence scores in dataset order.</param>
/// <param name="OnePass">OTB: curves averaged over sequences.</param>
/// <param name="Got10k">GOT-10k: frames pooled over sequences.</param>
/// <param name="Vot">VOT: pooled accuracy, failures, EAO.</param>
public sealed record TrackerScore(string Tracker, IReadOnlyList<SequenceScore> Sequences,
    OnePassScores? OnePass = null, Got10kScores? Got10k = null, VotScores? Vot = null)
{
    /// <summary>Mean of the per-sequence speeds that are known (got10k's average speed); null when none.</summary>
    public double? FramesPerSecond
    {
        get
        {
            var known = Sequences.Where(s => s.FramesPerSecond is not null).Select(s => s.FramesPerSecond!.Value).ToList();
            return known.Count == 0 ? null : known.Average();
        }
    }
}
