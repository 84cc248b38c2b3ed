namespace MLNet.Siamese.Evaluation.Results;

/// <summary>
/// Where the public toolkits keep one tracker's results (under a folder named after the tracker):
/// OTB/UAV (got10k, pysot): <c>&lt;seq&gt;.txt</c> and <c>times/&lt;seq&gt;_time.txt</c>;
/// GOT-10k: <c>&lt;seq&gt;/&lt;seq&gt;_001.txt</c> and <c>&lt;seq&gt;/&lt;seq&gt;_time.txt</c>;
/// VOT (pysot, VOT toolkit "baseline"): <c>baseline/&lt;seq&gt;/&lt;seq&gt;_001.txt</c> with codes 1/2/0 and <c>&lt;seq&gt;_time.txt</c> beside it.
/// </summary>
public static class ResultPaths
{
    /// <summary>The result file a run writes for <paramref name="sequence"/>.</summary>
    public static string ResultFile(string trackerDir, EvaluationProtocol protocol, string sequence) => protocol switch
    {
        EvaluationProtocol.Got10k => Path.Combine(trackerDir, sequence, sequence + "_001.txt"),
        EvaluationProtocol.Vot => Path.Combine(trackerDir, "baseline", sequence, sequence + "_001.txt"),
        _ => Path.Combine(trackerDir, sequence + ".txt"),
    };

    /// <summary>The per-frame seconds file a run writes for <paramref name="sequence"/>.</summary>
    public static string TimesFile(string trackerDir, EvaluationProtocol protocol, string sequence) => protocol switch
    {
        EvaluationProtocol.Got10k => Path.Combine(trackerDir, sequence, sequence + "_time.txt"),
        EvaluationProtocol.Vot => Path.Combine(trackerDir, "baseline", sequence, sequence + "_time.txt"),
        _ => Path.Combine(trackerDir, "times", sequence + "_time.txt"),
    };

    /// <summary>
    /// The existing result file for <paramref name="sequence"/>: the protocol's own layout first, then (for GOT-10k)
    /// the OTB layout; null when there is none.
    /// </summary>
    public static string? FindResultFile(string trackerDir, EvaluationProtocol protocol, string sequence)
    {
        string own = ResultFile(trackerDir, protocol, sequence);
        if (File.Exists(own)) return own;
        string otb = ResultFile(trackerDir, EvaluationProtocol.Otb, sequence);
        return protocol == EvaluationProtocol.Got10k && File.Exists(otb) ? otb : null;
    }

    /// <summary>The existing times file next to <paramref name="resultFile"/>'s layout; null when there is none.</summary>
    public static string? FindTimesFile(string trackerDir, EvaluationProtocol protocol, string sequence, string resultFile)
    {
        foreach (var p in new[] { protocol, EvaluationProtocol.Otb })
            if (ResultFile(trackerDir, p, sequence) == resultFile && File.Exists(TimesFile(trackerDir, p, sequence)))
                return TimesFile(trackerDir, p, sequence);
        return null;
    }
}
