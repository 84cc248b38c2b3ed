using System.Text.Json;
using System.Text.RegularExpressions;

namespace MLNet.Siamese.Evaluation.Datasets;

/// <summary>
/// The original UAV123 tree: <c>anno/&lt;set&gt;/&lt;seq&gt;.txt</c> + <c>data_seq/&lt;set&gt;/&lt;folder&gt;/000001.jpg…</c>.
/// A sequence with its own frame folder uses all of it. A split sub-sequence (<c>car16_2</c>: no folder of its own,
/// frames in <c>car16/</c>) covers a frame range the annotation does not state: it is taken from a pysot-style
/// <c>&lt;set&gt;.json</c> at the dataset root (<c>{"car16_2": {"img_names": [...]}}</c>, names matched by file name);
/// without it the sub-sequence is an error rather than a guess.
/// </summary>
public static partial class Uav123OriginalReader
{
    /// <summary>True when <paramref name="root"/> has the <c>anno/</c> + <c>data_seq/</c> tree.</summary>
    public static bool IsOriginalLayout(string root) =>
        Directory.Exists(Path.Combine(root, "anno")) && Directory.Exists(Path.Combine(root, "data_seq"));

    /// <summary>Reads every annotated sequence of every set under <c>anno/</c> (sorted by set, then name).</summary>
    /// <exception cref="AnnotationException">A malformed annotation, a missing frame folder, or a split sub-sequence without a frame list.</exception>
    public static IReadOnlyList<EvaluationSequence> Read(string root)
    {
        var sequences = new List<EvaluationSequence>();
        foreach (var setDir in Directory.GetDirectories(Path.Combine(root, "anno")).Order(StringComparer.Ordinal))
        {
            string set = Path.GetFileName(setDir);
            string framesRoot = Path.Combine(root, "data_seq", set);
            if (!Directory.Exists(framesRoot)) continue; // e.g. anno/att (attribute files)
            var lists = new Lazy<Dictionary<string, string[]>?>(() => LoadFrameLists(Path.Combine(root, set + ".json")));
            foreach (var anno in Directory.GetFiles(setDir, "*.txt").Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileNameWithoutExtension(anno);
                sequences.Add(ReadOne(root, set, name, anno, framesRoot, lists));
            }
        }
        return sequences;
    }

    private static EvaluationSequence ReadOne(string root, string set, string name, string anno, string framesRoot,
        Lazy<Dictionary<string, string[]>?> lists)
    {
        string own = Path.Combine(framesRoot, name);
        var groundTruth = RegionFile.Read(anno);
        if (Directory.Exists(own))
            return new EvaluationSequence(name, DatasetLayout.Uav123, own, anno, FrameFiles.List(own), groundTruth);
        var match = SubSequence().Match(name);
        string baseFolder = match.Success ? Path.Combine(framesRoot, match.Groups[1].Value) : own;
        if (!Directory.Exists(baseFolder))
            throw new AnnotationException(anno, null, $"no frame folder {own}" + (match.Success ? $" nor {baseFolder}" : ""));
        string json = Path.Combine(root, set + ".json");
        if (lists.Value is not { } map || !map.TryGetValue(name, out var names))
            throw new AnnotationException(anno, null,
                $"split sub-sequence of {Path.GetFileName(baseFolder)}: its frame range is not in the annotation; provide {json} " +
                "(pysot format, with img_names) or a copy with its own frame folder");
        var byName = FrameFiles.List(baseFolder).ToDictionary(f => Path.GetFileName(f), StringComparer.OrdinalIgnoreCase);
        var frames = names.Select(n => byName.TryGetValue(Path.GetFileName(n), out var f) ? f
            : throw new AnnotationException(json, null, $"{name}: frame {n} not found in {baseFolder}")).ToArray();
        return new EvaluationSequence(name, DatasetLayout.Uav123, baseFolder, anno, frames, groundTruth);
    }

    private static Dictionary<string, string[]>? LoadFrameLists(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var seq in doc.RootElement.EnumerateObject())
                if (seq.Value.ValueKind == JsonValueKind.Object && seq.Value.TryGetProperty("img_names", out var names) && names.ValueKind == JsonValueKind.Array)
                    map[seq.Name] = names.EnumerateArray().Select(n => n.GetString() ?? "").ToArray();
            return map;
        }
        catch (JsonException ex)
        {
            throw new AnnotationException(path, ex.LineNumber is { } l ? (int)l + 1 : null, "invalid JSON: " + ex.Message, ex);
        }
    }

    [GeneratedRegex(@"^(.+)_(\d+)$")]
    private static partial Regex SubSequence();
}
