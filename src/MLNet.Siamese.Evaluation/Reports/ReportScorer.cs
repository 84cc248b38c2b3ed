using MLNet.Siamese.Evaluation.Datasets;
using MLNet.Siamese.Evaluation.Results;

namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>Scores existing result files (any tool's, in the toolkits' layouts) against a dataset.</summary>
public static class ReportScorer
{
    /// <summary>Scores every tracker folder on every sequence of <paramref name="dataset"/>.</summary>
    /// <exception cref="AnnotationException">A result file is missing or malformed (names file and line).</exception>
    public static EvaluationReport Score(Dataset dataset, IReadOnlyList<TrackerFolder> trackers, ScoringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(trackers);
        options ??= new ScoringOptions();
        var warnings = dataset.Warnings.ToList();
        var scores = trackers.Select(t => ScoreTracker(dataset, t, options, warnings)).ToList();
        return new EvaluationReport(options, dataset.Root, dataset.Sequences.Select(s => s.Name).ToList(), scores, warnings);
    }

    private static TrackerScore ScoreTracker(Dataset dataset, TrackerFolder tracker, ScoringOptions options, List<string> warnings)
    {
        var perSequence = dataset.Sequences.Select(s => ScoreSequence(s, tracker, options, warnings)).ToList();
        return options.Protocol switch
        {
            EvaluationProtocol.Got10k => new TrackerScore(tracker.Name, perSequence, Got10k: Got10kScores.Pool(perSequence.Select(s => s.Got10k!))),
            EvaluationProtocol.Vot => new TrackerScore(tracker.Name, perSequence,
                Vot: VotMetrics.Pool(perSequence.Select(s => s.Vot!).ToList(), options.EaoLow, options.EaoHigh)),
            _ => new TrackerScore(tracker.Name, perSequence, OnePass: OnePassScores.Average(perSequence.Select(s => s.OnePass!).ToList())),
        };
    }

    /// <summary>Scores one result file of <paramref name="tracker"/> on <paramref name="sequence"/>.</summary>
    /// <exception cref="AnnotationException">The result file is missing or malformed.</exception>
    internal static SequenceScore ScoreSequence(EvaluationSequence sequence, TrackerFolder tracker, ScoringOptions options, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(warnings);
        var protocol = options.Protocol;
        string path = ResultPaths.FindResultFile(tracker.Path, protocol, sequence.Name)
                      ?? throw new AnnotationException(ResultPaths.ResultFile(tracker.Path, protocol, sequence.Name), null,
                          $"no result for sequence {sequence.Name} of tracker {tracker.Name}");
        var result = RegionFile.Read(path, allowCodes: protocol == EvaluationProtocol.Vot);
        if (result.Count != sequence.Length)
            warnings.Add($"{path}: {result.Count} result rows for {sequence.Length} annotated frames: scoring the first {Math.Min(result.Count, sequence.Length)}");
        if (result.Count == 0) throw new AnnotationException(path, null, "the result file is empty");
        if (protocol != EvaluationProtocol.Vot)
            for (int i = 0; i < result.Count; i++)
                if (result[i].Kind == RegionKind.Special) throw new AnnotationException(path, i + 1, "a VOT code in a one-pass result");
        double? fps = ResultPaths.FindTimesFile(tracker.Path, protocol, sequence.Name, path) is { } times
            ? TimesFile.FramesPerSecond(TimesFile.Read(times)) : null;
        int frames = Math.Min(result.Count, sequence.Length);
        var boxes = result.Select(r => r.Box).ToList();
        return protocol switch
        {
            EvaluationProtocol.Got10k => new SequenceScore(sequence.Name, frames, fps,
                Got10k: Got10kMetrics.Evaluate(boxes, sequence.Boxes, sequence.Visible, sequence.FrameSize)),
            EvaluationProtocol.Vot => new SequenceScore(sequence.Name, frames, fps,
                Vot: VotMetrics.Evaluate(result, sequence.GroundTruth, sequence.FrameSize)),
            _ => new SequenceScore(sequence.Name, frames, fps,
                OnePass: OtbMetrics.Evaluate(boxes, sequence.Boxes, new OnePassOptions { Rule = options.InvalidFrames })),
        };
    }
}
