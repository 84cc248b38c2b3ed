using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Models;

/// <summary>Turns a deserialised manifest into a <see cref="ModelPack"/>, rejecting anything inconsistent with a clear, field-naming error.</summary>
internal sealed class ManifestValidator
{
    /// <summary>Pipeline tensors the runtime provides as graph inputs.</summary>
    internal const string Exemplar = "exemplar", Instance = "instance";

    /// <summary>Optional template inputs: the 255 context crop at init (SA-Siam) and the template box (ACM variants).</summary>
    internal const string Context = "context", TemplateBox = "templateBox";

    private readonly string _directory;
    private readonly string _manifestPath;

    public ManifestValidator(string directory, string manifestPath)
    {
        _directory = Path.GetFullPath(directory);
        _manifestPath = manifestPath;
    }

    public ModelPack Validate(ManifestDocument doc)
    {
        if (doc.Format != ModelPack.FormatV1)
            throw Error("format", doc.Format is null ? $"missing; expected \"{ModelPack.FormatV1}\"" : $"unsupported format \"{doc.Format}\"; expected \"{ModelPack.FormatV1}\"");
        if (string.IsNullOrWhiteSpace(doc.Name)) throw Error("name", "missing");
        if (!TrackerFamilies.TryParse(doc.Family, out var family))
            throw Error("family", $"{(doc.Family is null ? "missing" : $"unknown family \"{doc.Family}\"")}; expected one of {string.Join(", ", TrackerFamilies.Names)}");

        var input = doc.Input ?? throw Error("input", "missing");
        var color = input.ColorOrder?.ToLowerInvariant() switch
        {
            "bgr" => ColorOrder.Bgr,
            "rgb" => ColorOrder.Rgb,
            null => throw Error("input.colorOrder", "missing; expected \"bgr\" or \"rgb\""),
            _ => throw Error("input.colorOrder", $"\"{input.ColorOrder}\" is not \"bgr\" or \"rgb\""),
        };
        int exemplar = CropSide(input.ExemplarSize, "input.exemplarSize");
        int instance = CropSide(input.InstanceSize, "input.instanceSize");
        if (instance < exemplar) throw Error("input.instanceSize", $"{instance} is smaller than exemplarSize {exemplar}");
        double context = input.ContextAmount ?? throw Error("input.contextAmount", "missing");
        if (!(context >= 0 && context <= 10)) throw Error("input.contextAmount", $"{context} is outside [0, 10]");

        var output = doc.Output ?? throw Error("output", "missing");
        int stride = Positive(output.Stride, "output.stride");
        int scoreSize = Positive(output.ScoreSize, "output.scoreSize");
        if (stride > MaxStride) throw Error("output.stride", $"{stride} is outside [1, {MaxStride}]");
        if ((long)stride * (scoreSize - 1) > instance)
            throw Error("output.scoreSize", $"{scoreSize} score-map points {stride} px apart span {(long)stride * (scoreSize - 1)} px, more than instanceSize {instance}");

        var decoder = TrackerFamilies.DecoderOf(family);
        var h = doc.Hyperparameters ?? throw Error("hyperparameters", "missing");
        bool responseMap = decoder == DecoderKind.ResponseMap;
        var hyper = new TrackingHyperparameters(
            InRange(h.WindowInfluence, "hyperparameters.windowInfluence", 0, 1),
            responseMap ? 0 : InRange(h.PenaltyK, "hyperparameters.penaltyK", 0, 100),
            responseMap ? 0 : InRange(h.Lr, "hyperparameters.lr", 0, 1));
        var scales = responseMap ? Scales(h) : NotFor(h.ScaleNum ?? h.ScaleStep ?? h.ScalePenalty ?? h.ScaleLr ?? h.ResponseUp ?? (object?)h.ClipCenter,
            "hyperparameters", "scale pyramid fields (scaleNum, scaleStep, ...) apply to the response-map families only", (ScalePyramid?)null);
        var anchors = decoder == DecoderKind.Anchor ? Anchors(doc.Anchors) : NotFor(doc.Anchors, "anchors", "applies to the anchor families only", (AnchorSettings?)null);
        var longTerm = doc.LongTerm is null ? null
            : decoder == DecoderKind.Anchor ? LongTerm(doc.LongTerm) : throw Error("longTerm", "applies to the anchor families only");

        var known = new HashSet<string>(StringComparer.Ordinal) { Exemplar, Context, TemplateBox };
        var template = Graphs(doc.Template, "template", known);
        known.Add(Instance);
        var search = Graphs(doc.Search, "search", known);
        new DecoderContract(this, family, search, scoreSize, scales, anchors).Check();
        CheckCropBindings(template.Concat(search), exemplar, instance);

        return new ModelPack
        {
            Directory = _directory, ManifestPath = _manifestPath, Name = doc.Name!, Family = family, Description = doc.Description,
            License = doc.License, Source = doc.Source, ColorOrder = color, ExemplarSize = exemplar, InstanceSize = instance,
            ContextAmount = context, Stride = stride, ScoreSize = scoreSize, Hyperparameters = hyper, TemplateGraphs = template,
            SearchGraphs = search, Scales = scales, Anchors = anchors, LongTerm = longTerm,
        };
    }

    /// <summary>Crop sides a pack may declare: anything outside is a typo or an attempt to exhaust memory.</summary>
    internal const int MinCropSide = 16, MaxCropSide = 2048, MaxStride = 64;

    private int CropSide(int? value, string field)
    {
        int side = Positive(value, field);
        return side is >= MinCropSide and <= MaxCropSide ? side : throw Error(field, $"{side} is outside [{MinCropSide}, {MaxCropSide}]");
    }

    /// <summary>The crops the runtime writes (exemplar, instance, context) must have the manifest's crop sides.</summary>
    private void CheckCropBindings(IEnumerable<GraphSpec> graphs, int exemplar, int instance)
    {
        foreach (var g in graphs)
            for (int i = 0; i < g.Inputs.Count; i++)
            {
                var t = g.Inputs[i];
                var (side, field) = t.Bind switch
                {
                    Exemplar => (exemplar, "input.exemplarSize"),
                    Instance or Context => (instance, "input.instanceSize"),
                    _ => (0, ""),
                };
                if (side == 0) continue;
                var s = t.Shape;
                if (s.Count != 4 || s[1] != 3 || s[2] != side || s[3] != side)
                    throw Error(field, $"{side} disagrees with {g.Field}.inputs[{i}].shape [{string.Join(", ", s)}] (the \"{t.Bind}\" crop is [N, 3, {side}, {side}])");
            }
    }

    private ScalePyramid Scales(HyperparametersDocument h)
    {
        var d = ScalePyramid.Default;
        int count = h.ScaleNum ?? d.Count;
        if (count < 1 || count % 2 == 0) throw Error("hyperparameters.scaleNum", $"must be a positive odd number, got {count}");
        int up = h.ResponseUp ?? d.ResponseUpsampling;
        if (up < 1 || up > 64) throw Error("hyperparameters.responseUp", $"{up} is outside [1, 64]");
        return new ScalePyramid(count,
            h.ScaleStep is null ? d.Step : InRange(h.ScaleStep, "hyperparameters.scaleStep", 1, 2),
            h.ScalePenalty is null ? d.Penalty : InRange(h.ScalePenalty, "hyperparameters.scalePenalty", 0, 1),
            h.ScaleLr is null ? d.LearningRate : InRange(h.ScaleLr, "hyperparameters.scaleLr", 0, 1),
            up, h.ClipCenter ?? d.ClipCenter);
    }

    private AnchorSettings Anchors(AnchorsDocument? a)
    {
        var d = AnchorSettings.Default;
        if (a is null) return d;
        var ratios = a.Ratios ?? d.Ratios.ToArray();
        var scales = a.Scales ?? d.Scales.ToArray();
        if (ratios.Length == 0 || ratios.Any(r => !(r > 0))) throw Error("anchors.ratios", "must be a non-empty list of positive numbers");
        if (scales.Length == 0 || scales.Any(r => !(r > 0))) throw Error("anchors.scales", "must be a non-empty list of positive numbers");
        int baseSize = a.BaseSize ?? d.BaseSize;
        if (baseSize < 0) throw Error("anchors.baseSize", $"must be >= 0, got {baseSize}");
        return new AnchorSettings(ratios, scales, baseSize);
    }

    private LongTermSettings LongTerm(LongTermDocument l)
    {
        int size = l.LostInstanceSize ?? 831;
        if (size < 1) throw Error("longTerm.lostInstanceSize", $"must be positive, got {size}");
        double low = l.ConfidenceLow is null ? 0.8 : InRange(l.ConfidenceLow, "longTerm.confidenceLow", 0, 1);
        double high = l.ConfidenceHigh is null ? 0.998 : InRange(l.ConfidenceHigh, "longTerm.confidenceHigh", 0, 1);
        if (high < low) throw Error("longTerm.confidenceHigh", $"{high} is below confidenceLow {low}");
        return new LongTermSettings(size, low, high, l.LostWindowInfluence is null ? 0.001 : InRange(l.LostWindowInfluence, "longTerm.lostWindowInfluence", 0, 1));
    }

    private T NotFor<T>(object? value, string field, string message, T none) => value is null ? none : throw Error(field, message);

    private List<GraphSpec> Graphs(List<GraphDocument>? docs, string field, HashSet<string> known)
    {
        if (docs is null || docs.Count == 0) throw Error(field, "missing or empty: at least one graph is required");
        var result = new List<GraphSpec>();
        for (int i = 0; i < docs.Count; i++)
        {
            string f = $"{field}[{i}]";
            var g = docs[i] ?? throw Error(f, "null graph");
            if (g.FreeSpatialDims == true)
                throw Error(f + ".freeSpatialDims", $"this pack was written by an older 'siamese pack', which left a graph edit to load time; " +
                    $"graphs are no longer edited when loading: re-run 'siamese pack nanotrack --source <release folder> --out {_directory}' " +
                    "to write the edited graphs into the pack");
            var file = ResolveFile(g.File, f + ".file");
            var inputs = Tensors(g.Inputs, f + ".inputs");
            foreach (var (t, j) in inputs.Select((t, j) => (t, j)))
                if (!known.Contains(t.Bind))
                    throw Error($"{f}.inputs[{j}].bind", $"\"{t.Bind}\" is not produced before this graph; available: {string.Join(", ", known)}");
            var outputs = Tensors(g.Outputs, f + ".outputs");
            foreach (var (t, j) in outputs.Select((t, j) => (t, j)))
                if (!known.Add(t.Bind))
                    throw Error($"{f}.outputs[{j}].bind", $"\"{t.Bind}\" is already defined");
            result.Add(new GraphSpec { File = file, RelativeFile = g.File!, Field = f, Inputs = inputs, Outputs = outputs });
        }
        return result;
    }

    private List<TensorBinding> Tensors(List<TensorDocument>? docs, string field)
    {
        if (docs is null || docs.Count == 0) throw Error(field, "missing or empty");
        var result = new List<TensorBinding>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < docs.Count; i++)
        {
            string f = $"{field}[{i}]";
            var t = docs[i] ?? throw Error(f, "null tensor");
            if (string.IsNullOrWhiteSpace(t.Name)) throw Error(f + ".name", "missing");
            if (!names.Add(t.Name)) throw Error(f + ".name", $"\"{t.Name}\" listed twice");
            if (string.IsNullOrWhiteSpace(t.Bind)) throw Error(f + ".bind", "missing");
            if (t.Shape is null || t.Shape.Length == 0) throw Error(f + ".shape", "missing");
            if (t.Shape[0] < 1 && t.Shape[0] != -1) throw Error(f + ".shape", $"batch dimension must be positive or -1 (dynamic), got {t.Shape[0]}");
            for (int d = 1; d < t.Shape.Length; d++)
                if (t.Shape[d] <= 0) throw Error(f + ".shape", $"dimension {d} must be positive, got {t.Shape[d]}");
            result.Add(new TensorBinding(t.Name, t.Bind, t.Shape.ToArray()));
        }
        return result;
    }

    private string ResolveFile(string? relative, string field)
    {
        if (string.IsNullOrWhiteSpace(relative)) throw Error(field, "missing");
        if (Path.IsPathRooted(relative)) throw Error(field, $"\"{relative}\" must be relative to the pack folder");
        string full = Path.GetFullPath(Path.Combine(_directory, relative));
        string root = _directory.EndsWith(Path.DirectorySeparatorChar) ? _directory : _directory + Path.DirectorySeparatorChar;
        if (!full.StartsWith(root, StringComparison.Ordinal))
            throw Error(field, $"\"{relative}\" escapes the pack folder");
        if (!File.Exists(full)) throw new ModelPackException(full, field, "ONNX file not found");
        return full;
    }

    private int Positive(int? value, string field) =>
        value is null ? throw Error(field, "missing") : value > 0 ? value.Value : throw Error(field, $"must be positive, got {value}");

    private double InRange(double? value, string field, double min, double max) =>
        value is null ? throw Error(field, "missing")
        : value >= min && value <= max ? value.Value
        : throw Error(field, $"{value} is outside [{min}, {max}]");

    internal ModelPackException Error(string field, string message) => new(_manifestPath, field, message);
}
