namespace MLNet.Siamese.Evaluation.Datasets;

/// <summary>
/// Detects the layout of one sequence folder and reads it:
/// <list type="bullet">
/// <item><c>groundtruth_rect.txt</c> (or <c>groundtruth_rect.N.txt</c>, one sequence <c>name.N</c> per target) → OTB, frames in <c>img/</c>;</item>
/// <item><c>groundtruth.txt</c> with <c>absence.label</c> or <c>cover.label</c> → GOT-10k, frames beside it;</item>
/// <item><c>groundtruth.txt</c> with <c>full_occlusion.txt</c> or <c>out_of_view.txt</c> → LaSOT, frames in <c>img/</c>;</item>
/// <item><c>groundtruth.txt</c> with an <c>img/</c> folder → UAV123 copy;</item>
/// <item><c>groundtruth.txt</c> with frames beside it or in <c>color/</c> → VOT.</item>
/// </list>
/// Ground-truth row 0 is the first image in natural order, so copies whose frames start at a later number
/// (<c>0300.jpg</c>) need nothing special; see <see cref="OtbFrameRanges"/> for full OTB folders.
/// </summary>
public static class SequenceFolderReader
{
    private const string OtbGroundTruth = "groundtruth_rect", GroundTruth = "groundtruth.txt";

    /// <summary>True when <paramref name="folder"/> holds a ground-truth file this reader knows.</summary>
    public static bool IsSequence(string folder) =>
        File.Exists(Path.Combine(folder, GroundTruth)) || OtbGroundTruthFiles(folder).Length > 0;

    /// <summary>The layout of <paramref name="folder"/>; null when it is not a sequence folder.</summary>
    public static DatasetLayout? Detect(string folder)
    {
        if (OtbGroundTruthFiles(folder).Length > 0) return DatasetLayout.Otb;
        if (!File.Exists(Path.Combine(folder, GroundTruth))) return null;
        if (File.Exists(Path.Combine(folder, "absence.label")) || File.Exists(Path.Combine(folder, "cover.label"))) return DatasetLayout.Got10k;
        if (File.Exists(Path.Combine(folder, "full_occlusion.txt")) || File.Exists(Path.Combine(folder, "out_of_view.txt"))) return DatasetLayout.Lasot;
        return Directory.Exists(Path.Combine(folder, "img")) ? DatasetLayout.Uav123 : DatasetLayout.Vot;
    }

    /// <summary>Reads the sequence(s) of <paramref name="folder"/> (several for a multi-target OTB folder).</summary>
    /// <exception cref="AnnotationException">No ground truth, no frames, or a malformed annotation or label file (names file and line).</exception>
    public static IReadOnlyList<EvaluationSequence> Read(string folder)
    {
        folder = Path.GetFullPath(folder);
        string name = Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar));
        var layout = Detect(folder) ?? throw new AnnotationException(folder, null, $"no {GroundTruth} or {OtbGroundTruth}*.txt: not a sequence folder");
        return layout switch
        {
            DatasetLayout.Otb => ReadOtb(folder, name),
            DatasetLayout.Got10k => [ReadGot10k(folder, name)],
            DatasetLayout.Lasot => [ReadLasot(folder, name)],
            DatasetLayout.Uav123 => [Create(name, layout, folder, Path.Combine(folder, GroundTruth), Frames(folder, "img"), null, [])],
            _ => [ReadVot(folder, name)],
        };
    }

    private static IReadOnlyList<EvaluationSequence> ReadOtb(string folder, string name)
    {
        var files = OtbGroundTruthFiles(folder);
        var frames = OtbFrameRanges.Apply(name, Frames(folder, "img"));
        if (files.Length == 1) return [Create(name, DatasetLayout.Otb, folder, files[0], frames, null, [])];
        // Multi-target sequences (Jogging, Skating2): groundtruth_rect.1.txt, .2.txt → name.1, name.2.
        return files.Select(f =>
        {
            string suffix = Path.GetFileNameWithoutExtension(f)[OtbGroundTruth.Length..].TrimStart('.');
            return Create(suffix.Length == 0 ? name : $"{name}.{suffix}", DatasetLayout.Otb, folder, f, frames, null, []);
        }).ToList();
    }

    private static EvaluationSequence ReadGot10k(string folder, string name)
    {
        string absencePath = Path.Combine(folder, "absence.label"), coverPath = Path.Combine(folder, "cover.label");
        int[]? absence = File.Exists(absencePath) ? LabelFile.Read(absencePath, 0, 1) : null;
        int[]? cover = File.Exists(coverPath) ? LabelFile.Read(coverPath, 0, 8) : null;
        var warnings = new List<string>();
        if (cover is null) warnings.Add($"{coverPath}: missing: visibility taken from absence.label only");
        int count = Math.Max(absence?.Length ?? 0, cover?.Length ?? 0);
        // GOT-10k scores frames with cover > 0 (an absent target has cover 0); absence.label alone decides otherwise.
        var visible = Enumerable.Range(0, count)
            .Select(i => cover is not null ? i < cover.Length && cover[i] > 0 : !(i < absence!.Length && absence[i] == 1))
            .ToArray();
        return Create(name, DatasetLayout.Got10k, folder, Path.Combine(folder, GroundTruth), FramesBeside(folder), visible, warnings);
    }

    private static EvaluationSequence ReadLasot(string folder, string name)
    {
        string occlusionPath = Path.Combine(folder, "full_occlusion.txt"), outOfViewPath = Path.Combine(folder, "out_of_view.txt");
        int[] occlusion = File.Exists(occlusionPath) ? LabelFile.Read(occlusionPath, 0, 1) : [];
        int[] outOfView = File.Exists(outOfViewPath) ? LabelFile.Read(outOfViewPath, 0, 1) : [];
        int count = Math.Max(occlusion.Length, outOfView.Length);
        var visible = Enumerable.Range(0, count)
            .Select(i => !(i < occlusion.Length && occlusion[i] == 1) && !(i < outOfView.Length && outOfView[i] == 1))
            .ToArray();
        return Create(name, DatasetLayout.Lasot, folder, Path.Combine(folder, GroundTruth), Frames(folder, "img"), visible, []);
    }

    private static EvaluationSequence ReadVot(string folder, string name)
    {
        var frames = FramesBeside(folder);
        if (frames.Length == 0) frames = Frames(folder, "color");
        return Create(name, DatasetLayout.Vot, folder, Path.Combine(folder, GroundTruth), frames, null, []);
    }

    private static EvaluationSequence Create(string name, DatasetLayout layout, string folder, string groundTruthPath, string[] frames,
        IReadOnlyList<bool>? visible, List<string> warnings)
    {
        if (frames.Length == 0) throw new AnnotationException(folder, null, $"no frame images (.jpg/.png) for the {layout} layout");
        var groundTruth = RegionFile.Read(groundTruthPath);
        if (groundTruth.Count == 0) throw new AnnotationException(groundTruthPath, null, "the ground truth is empty");
        return new EvaluationSequence(name, layout, folder, groundTruthPath, frames, groundTruth, visible, warnings);
    }

    private static string[] Frames(string folder, string sub) => FrameFiles.List(Path.Combine(folder, sub));

    private static string[] FramesBeside(string folder) => FrameFiles.List(folder);

    private static string[] OtbGroundTruthFiles(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var files = Directory.GetFiles(folder, OtbGroundTruth + "*.txt");
        Array.Sort(files, Video.NaturalFileNameComparer.Instance);
        return files;
    }
}
