namespace MLNet.Siamese.Evaluation.Results;

/// <summary>One tracker's result folder.</summary>
/// <param name="Name">Tracker name (the folder name).</param>
/// <param name="Path">The folder.</param>
public sealed record TrackerFolder(string Name, string Path)
{
    /// <summary>
    /// The tracker folders in <paramref name="resultsDir"/>: the folder itself when it holds a result for one of
    /// <paramref name="sequences"/>, otherwise each sub-folder that does (in name order).
    /// </summary>
    /// <exception cref="AnnotationException">The folder is missing or no tracker folder is found.</exception>
    public static IReadOnlyList<TrackerFolder> Discover(string resultsDir, EvaluationProtocol protocol, IReadOnlyCollection<string> sequences)
    {
        ArgumentException.ThrowIfNullOrEmpty(resultsDir);
        string root = System.IO.Path.GetFullPath(resultsDir).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        if (!Directory.Exists(root)) throw new AnnotationException(root, null, "results folder not found");
        if (HasResults(root, protocol, sequences)) return [new TrackerFolder(System.IO.Path.GetFileName(root), root)];
        var trackers = Directory.GetDirectories(root)
            .Where(d => !System.IO.Path.GetFileName(d).StartsWith('.') && HasResults(d, protocol, sequences))
            .Order(StringComparer.Ordinal)
            .Select(d => new TrackerFolder(System.IO.Path.GetFileName(d), d))
            .ToList();
        if (trackers.Count == 0)
            throw new AnnotationException(root, null,
                $"no {protocol} result files for any of the {sequences.Count} sequences (expected e.g. {ResultPaths.ResultFile("<tracker>", protocol, sequences.First())})");
        return trackers;
    }

    private static bool HasResults(string dir, EvaluationProtocol protocol, IEnumerable<string> sequences) =>
        sequences.Any(s => ResultPaths.FindResultFile(dir, protocol, s) is not null);
}
