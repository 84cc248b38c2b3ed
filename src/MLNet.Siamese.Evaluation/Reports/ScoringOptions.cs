namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>How results are scored.</summary>
public sealed record ScoringOptions
{
    /// <summary>The protocol (default OTB).</summary>
    public EvaluationProtocol Protocol { get; init; } = EvaluationProtocol.Otb;

    /// <summary>OTB: frames with invalid ground truth (default got10k's rule).</summary>
    public InvalidFrameRule InvalidFrames { get; init; } = InvalidFrameRule.Got10k;

    /// <summary>VOT: first EAO curve index averaged (default VOT2018: 100).</summary>
    public int EaoLow { get; init; } = VotMetrics.Vot2018Range.Low;

    /// <summary>VOT: last EAO curve index averaged (default VOT2018: 356).</summary>
    public int EaoHigh { get; init; } = VotMetrics.Vot2018Range.High;
}
