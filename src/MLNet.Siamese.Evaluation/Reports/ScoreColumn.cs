namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>
/// One reported measure: its machine name (JSON/CSV), its table header, how to read it per sequence and overall, and
/// its definition (written into the reports so readers know, e.g., which normalised precision is which).
/// </summary>
/// <param name="Key">snake_case name used in JSON and CSV.</param>
/// <param name="Header">Markdown table header.</param>
/// <param name="Definition">One-line definition.</param>
/// <param name="OfSequence">Value on one sequence; null when the measure has none per sequence.</param>
/// <param name="OfTracker">Value over the dataset.</param>
public sealed record ScoreColumn(string Key, string Header, string Definition, Func<SequenceScore, double?> OfSequence, Func<TrackerScore, double?> OfTracker)
{
    /// <summary>The measures reported for <paramref name="protocol"/>.</summary>
    public static IReadOnlyList<ScoreColumn> For(EvaluationProtocol protocol) => protocol switch
    {
        EvaluationProtocol.Got10k => Got10k,
        EvaluationProtocol.Vot => Vot,
        _ => Otb,
    };

    private static readonly ScoreColumn[] Otb =
    [
        new("auc", "AUC", "mean of the success curve (fraction of frames with IoU > t, t = linspace(0,1,21)); frame 0 = ground truth",
            s => s.OnePass?.Auc, t => t.OnePass?.Auc),
        new("precision", "Prec@20", "fraction of frames with centre error <= 20 px (centres xy + (wh-1)/2)",
            s => s.OnePass?.Precision, t => t.OnePass?.Precision),
        new("norm_precision_pysot", "NPrec (pysot)", "pysot: centres divided by ground-truth w,h; fraction of frames with error <= 0.2",
            s => s.OnePass?.NormalizedPrecisionPysot, t => t.OnePass?.NormalizedPrecisionPysot),
        new("norm_precision_got10k", "NPrec (got10k)", "got10k LaSOT: error divided by max(1, ground-truth w,h), NaN rows dropped; mean of the curve over linspace(0,0.5,51)",
            s => s.OnePass?.NormalizedPrecisionGot10k, t => t.OnePass?.NormalizedPrecisionGot10k),
    ];

    private static readonly ScoreColumn[] Got10k =
    [
        new("ao", "AO", "mean IoU over visible frames (cover > 0), frame 0 excluded, boxes bounded to the image; frames pooled over sequences",
            s => s.Got10k?.AverageOverlap, t => t.Got10k?.AverageOverlap),
        new("sr50", "SR0.5", "fraction of those frames with IoU > 0.5", s => s.Got10k?.SuccessRate50, t => t.Got10k?.SuccessRate50),
        new("sr75", "SR0.75", "fraction of those frames with IoU > 0.75", s => s.Got10k?.SuccessRate75, t => t.Got10k?.SuccessRate75),
    ];

    private static readonly ScoreColumn[] Vot =
    [
        new("accuracy", "Accuracy", "mean overlap (bounded to the image) outside the 10 burn-in frames after each (re)initialisation; pooled over frames",
            s => Finite(s.Vot?.Accuracy), t => Finite(t.Vot?.Accuracy)),
        new("robustness", "Robustness", "failures per frame (a failure: no overlap with the ground truth; re-initialised 5 frames later)",
            s => s.Vot?.Robustness, t => t.Vot?.Robustness),
        new("failures", "Failures", "number of failures", s => s.Vot?.Failures, t => t.Vot?.Failures),
        new("eao", "EAO", "expected average overlap: mean of the expected-overlap curve over the configured range of lengths",
            _ => null, t => Finite(t.Vot?.Eao)),
    ];

    private static double? Finite(double? v) => v is { } d && double.IsFinite(d) ? d : null;
}
