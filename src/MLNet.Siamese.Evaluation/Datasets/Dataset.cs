namespace MLNet.Siamese.Evaluation.Datasets;

/// <summary>
/// A benchmark: a folder of sequences whose layout is detected per sequence (<see cref="SequenceFolderReader"/>).
/// The folder may itself be one sequence, hold sequence folders, hold class folders of sequences (LaSOT), or be the
/// original UAV123 tree (<see cref="Uav123OriginalReader"/>).
/// </summary>
public sealed class Dataset
{
    private Dataset(string root, IReadOnlyList<EvaluationSequence> sequences)
    {
        Root = root;
        Sequences = sequences;
    }

    /// <summary>The dataset folder.</summary>
    public string Root { get; }

    /// <summary>The sequences, in name order.</summary>
    public IReadOnlyList<EvaluationSequence> Sequences { get; }

    /// <summary>Every warning of every sequence.</summary>
    public IEnumerable<string> Warnings => Sequences.SelectMany(s => s.Warnings);

    /// <summary>Finds and reads the sequences under <paramref name="root"/>.</summary>
    /// <param name="root">The dataset folder.</param>
    /// <param name="only">Sequence names to keep (case-insensitive); null or empty for all.</param>
    /// <exception cref="AnnotationException">No sequence found, a requested name is missing, two sequences share a name, or an annotation is malformed.</exception>
    public static Dataset Open(string root, IReadOnlyCollection<string>? only = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root)) throw new AnnotationException(root, null, "dataset folder not found");
        var wanted = only is { Count: > 0 } ? new HashSet<string>(only, StringComparer.OrdinalIgnoreCase) : null;
        var sequences = Discover(root).Where(s => wanted is null || wanted.Contains(s.Name)).ToList();
        if (wanted is not null)
            foreach (var name in wanted.Where(w => !sequences.Any(s => s.Name.Equals(w, StringComparison.OrdinalIgnoreCase))).Order())
                throw new AnnotationException(root, null, $"no sequence named '{name}'");
        if (sequences.Count == 0) throw new AnnotationException(root, null, "no sequences found (no groundtruth.txt / groundtruth_rect.txt below it)");
        var duplicate = sequences.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new AnnotationException(root, null, $"two sequences are named '{duplicate.Key}': {string.Join(", ", duplicate.Select(s => s.Folder))}");
        sequences.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new Dataset(root, sequences);
    }

    private static IEnumerable<EvaluationSequence> Discover(string root)
    {
        if (SequenceFolderReader.IsSequence(root)) return SequenceFolderReader.Read(root);
        if (Uav123OriginalReader.IsOriginalLayout(root)) return Uav123OriginalReader.Read(root);
        var found = new List<EvaluationSequence>();
        foreach (var dir in Children(root))
        {
            if (SequenceFolderReader.IsSequence(dir)) found.AddRange(SequenceFolderReader.Read(dir));
            else
                foreach (var sub in Children(dir).Where(SequenceFolderReader.IsSequence)) // LaSOT: <class>/<class>-N
                    found.AddRange(SequenceFolderReader.Read(sub));
        }
        return found;
    }

    private static IEnumerable<string> Children(string dir) =>
        Directory.GetDirectories(dir).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal);
}
