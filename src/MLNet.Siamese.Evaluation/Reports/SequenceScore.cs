namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>One tracker's scores on one sequence; exactly one of the protocol fields is set.</summary>
/// <param name="Sequence">Sequence name.</param>
/// <param name="Frames">Frames scored (common prefix of result and ground truth).</param>
/// <param name="FramesPerSecond">got10k's speed (mean of 1/t over the times file); null without one.</param>
/// <param name="OnePass">OTB curves and scores.</param>
/// <param name="Got10k">GOT-10k IoUs and scores.</param>
/// <param name="Vot">VOT accuracy, failures and fragments.</param>
public sealed record SequenceScore(string Sequence, int Frames, double? FramesPerSecond,
    OnePassScores? OnePass = null, Got10kScores? Got10k = null, VotSequenceScores? Vot = null);
