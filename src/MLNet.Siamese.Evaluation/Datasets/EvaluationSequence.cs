using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Imaging.Codecs;

namespace MLNet.Siamese.Evaluation.Datasets;

/// <summary>
/// One annotated sequence of a benchmark: its frames, ground truth and (GOT-10k, LaSOT) visibility, cut to the common
/// prefix of frames and ground-truth rows (with a warning when they differ). Frame <c>i</c> is <see cref="Frames"/>[i]
/// and ground-truth row <c>i</c>.
/// </summary>
public sealed class EvaluationSequence
{
    private readonly Lazy<ImageSize> _size;

    /// <summary>Creates the sequence, keeping the common prefix of <paramref name="frames"/> and <paramref name="groundTruth"/>.</summary>
    /// <param name="name">Sequence name (result files are named after it).</param>
    /// <param name="layout">The layout it was read from.</param>
    /// <param name="folder">The sequence folder.</param>
    /// <param name="groundTruthPath">The ground-truth file.</param>
    /// <param name="frames">Frame image paths in order.</param>
    /// <param name="groundTruth">Ground-truth regions in order.</param>
    /// <param name="visible">Per-frame visibility from label files; null when the layout has none.</param>
    /// <param name="warnings">Warnings found while reading (more are added for a length mismatch).</param>
    public EvaluationSequence(string name, DatasetLayout layout, string folder, string groundTruthPath, IReadOnlyList<string> frames,
        IReadOnlyList<Region> groundTruth, IReadOnlyList<bool>? visible = null, IEnumerable<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(groundTruth);
        Name = name;
        Layout = layout;
        Folder = folder;
        GroundTruthPath = groundTruthPath;
        var notes = warnings?.ToList() ?? [];
        int n = Math.Min(frames.Count, groundTruth.Count);
        if (groundTruth.Count < frames.Count)
            notes.Add($"{groundTruthPath}: {groundTruth.Count} ground-truth rows for {frames.Count} frames: evaluating the first {n} frames");
        else if (groundTruth.Count > frames.Count)
            notes.Add($"{groundTruthPath}: {groundTruth.Count} ground-truth rows for {frames.Count} frames: evaluating the first {n} rows");
        if (visible is not null && visible.Count < n)
            notes.Add($"{name}: visibility labels cover {visible.Count} of {n} frames: the rest count as not visible");
        Frames = frames.Take(n).ToArray();
        GroundTruth = groundTruth.Take(n).ToArray();
        Boxes = GroundTruth.Select(r => r.Box).ToArray();
        Visible = visible is null ? null : Enumerable.Range(0, n).Select(i => i < visible.Count && visible[i]).ToArray();
        Warnings = notes;
        FirstFrameNumber = Frames.Count > 0 ? FrameFiles.Number(Frames[0]) : null;
        _size = new Lazy<ImageSize>(ReadSize);
    }

    /// <summary>Sequence name (unique within a dataset).</summary>
    public string Name { get; }

    /// <summary>The layout it was read from.</summary>
    public DatasetLayout Layout { get; }

    /// <summary>The sequence folder.</summary>
    public string Folder { get; }

    /// <summary>The ground-truth file.</summary>
    public string GroundTruthPath { get; }

    /// <summary>Frame image paths of the evaluated frames.</summary>
    public IReadOnlyList<string> Frames { get; }

    /// <summary>Ground-truth regions (rectangles; polygons for VOT 8-value rows; NaN boxes where the target is absent).</summary>
    public IReadOnlyList<Region> GroundTruth { get; }

    /// <summary>The axis-aligned ground-truth boxes (polygons → min/max of their points).</summary>
    public IReadOnlyList<BoundingBox> Boxes { get; }

    /// <summary>Per-frame visibility (GOT-10k: <c>cover &gt; 0</c> and not absent; LaSOT: neither fully occluded nor out of view); null when unknown.</summary>
    public IReadOnlyList<bool>? Visible { get; }

    /// <summary>Number in the first frame's file name (<c>0300.jpg</c> → 300), when it has one.</summary>
    public int? FirstFrameNumber { get; }

    /// <summary>Evaluated frames.</summary>
    public int Length => Frames.Count;

    /// <summary>Things worth telling the user (length mismatches, missing labels).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The frame size (read once from the first image's header): the bound for GOT-10k and VOT overlaps.</summary>
    /// <exception cref="FrameSourceException">The first image cannot be read.</exception>
    public ImageSize FrameSize => _size.Value;

    private ImageSize ReadSize()
    {
        if (Frames.Count == 0) throw new FrameSourceException(Folder, "the sequence has no frames");
        using var decoder = new ImageDecoder();
        return decoder.ReadSize(Frames[0], 0);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Layout}, {Length} frames)";
}
