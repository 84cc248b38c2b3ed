using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace MLNet.Siamese.Models.Import;

/// <summary>
/// Writes a model pack for the public NanoTrack ONNX releases (v1/v2 <c>*_sim.onnx</c>, v3, or the split set with
/// separate 127/255 backbones). The graphs are edited once, here, so the pack loads as it is (<see cref="NanoTrackGraphs"/>):
/// the single-backbone releases fix the input at 255, so their backbone gets symbolic spatial dimensions (it also
/// encodes the 127 template), and the search graphs get a symbolic batch where a batched call matches per-item calls
/// bit for bit (checked on the staged pack; otherwise they keep batch 1). Hyperparameters come from the
/// release's <c>config.yaml</c>, or from an explicit config file or values (<see cref="NanoTrackImportOptions"/>).
/// The pack is built in a temporary sibling folder, validated completely (manifest, ONNX metadata and the geometry
/// check of <see cref="MLNet.Siamese.Inference.SiameseModel.Load(ModelPack, MLNet.Siamese.Inference.InferenceOptions?)"/>)
/// and only then renamed into place; any failure removes the temporary folder and leaves an existing pack untouched.
/// </summary>
public static class NanoTrackPackImporter
{
    private static readonly (string Backbone, string? Backbone127, string Head)[] Layouts =
    [
        ("nanotrack_backbone_sim.onnx", null, "nanotrack_head_sim.onnx"),
        ("nanotrack_backbone.onnx", null, "nanotrack_head.onnx"),
        ("nanotrack_backbone255.onnx", "nanotrack_backbone127.onnx", "nanotrack_head.onnx"),
    ];

    /// <summary>
    /// Creates (or replaces) the pack folder <paramref name="outputDirectory"/> from the release folder
    /// <paramref name="sourceDirectory"/>, writing its ONNX files with the graph edits, and returns the loaded pack.
    /// </summary>
    /// <exception cref="ModelPackException">The folder holds no recognised NanoTrack ONNX set, has no config.yaml, the
    /// files do not fit together, or the pack cannot be written; the message names the file.</exception>
    public static ModelPack Import(string sourceDirectory, string outputDirectory, string? name = null) =>
        Import(sourceDirectory, outputDirectory, new NanoTrackImportOptions { Name = name });

    /// <summary>
    /// Creates (or replaces) the pack folder <paramref name="outputDirectory"/> from the release folder
    /// <paramref name="sourceDirectory"/> with explicit settings, and returns the loaded pack.
    /// </summary>
    /// <exception cref="ModelPackException">The folder holds no recognised NanoTrack ONNX set, the config is missing
    /// (and no hyperparameters were given), the files do not fit together, or the pack cannot be written.</exception>
    public static ModelPack Import(string sourceDirectory, string outputDirectory, NanoTrackImportOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentNullException.ThrowIfNull(options);
        string source = Path.GetFullPath(sourceDirectory);
        if (!Directory.Exists(source)) throw new ModelPackException(source, null, "NanoTrack release folder does not exist");
        var layout = Layouts.FirstOrDefault(l => File.Exists(Path.Combine(source, l.Backbone)) && File.Exists(Path.Combine(source, l.Head))
                                                 && (l.Backbone127 is null || File.Exists(Path.Combine(source, l.Backbone127))));
        if (layout.Backbone is null)
            throw new ModelPackException(source, null, "no NanoTrack ONNX files found (expected nanotrack_backbone[_sim].onnx + nanotrack_head[_sim].onnx, or nanotrack_backbone127/255.onnx + nanotrack_head.onnx)");

        string target = Path.GetFullPath(outputDirectory).TrimEnd(Path.DirectorySeparatorChar);
        CheckTarget(target, source);
        var (hp, exemplar, instance, context, stride, configPath) = ReadConfig(source, options);
        string headPath = Path.Combine(source, layout.Head), backbonePath = Path.Combine(source, layout.Backbone);
        var head = ReadSignature(headPath);
        var backbone = ReadSignature(backbonePath);
        if (backbone.Inputs.Count != 1 || backbone.Outputs.Count != 1)
            throw new ModelPackException(backbonePath, null, $"not a NanoTrack backbone: it has {backbone.Inputs.Count} input(s) and {backbone.Outputs.Count} output(s), a backbone has 1 and 1");
        if (head.Inputs.Count != 2 || head.Outputs.Count != 2)
            throw new ModelPackException(headPath, null, $"not a NanoTrack head: it has {head.Inputs.Count} input(s) and {head.Outputs.Count} output(s), a head has 2 (template and search features) and 2 (score and box maps)");
        foreach (var (tensorName, shape) in head.Inputs.Concat(head.Outputs))
            if (shape.Length != 4 || shape.Any(d => d <= 0))
                throw new ModelPackException(headPath, null, $"not a NanoTrack head: \"{tensorName}\" has shape {Dims(shape)}, a head has fixed 4-D shapes");
        // Identify tensors by shape, not position: template features are spatially smaller, loc has 4 channels.
        var inputs = head.Inputs.OrderBy(i => i.Shape[2]).ToList();
        var outputs = head.Outputs.OrderBy(o => o.Shape[1] == 4 ? 1 : 0).ToList();
        var (zName, zShape) = inputs[0];
        var (xName, xShape) = inputs[1];
        var (clsName, clsShape) = outputs[0];
        var (locName, locShape) = outputs[1];
        if (locShape[1] != 4 || clsShape[1] is not (1 or 2) || clsShape[2] != clsShape[3] || locShape[2] != clsShape[2] || locShape[3] != clsShape[3])
            throw new ModelPackException(headPath, null, $"not a NanoTrack head: outputs {Dims(clsShape)} and {Dims(locShape)} are not a [1, 2, S, S] score map and a [1, 4, S, S] box map");
        long features = backbone.Outputs[0].Shape.Length == 4 ? backbone.Outputs[0].Shape[1] : -1;
        if (features > 0 && (zShape[1] != features || xShape[1] != features))
            throw new ModelPackException(headPath, null, $"does not fit {layout.Backbone}: the head takes {zShape[1]}-channel features, the backbone gives {features}");
        int scoreSize = (int)clsShape[2];

        string templateBackbone = layout.Backbone127 ?? layout.Backbone;
        var graphs = new NanoTrackGraphs(source, layout.Backbone, layout.Backbone127, layout.Head);
        long[] Batch(long[] shape, bool batched) => batched ? [-1, .. shape[1..]] : shape;
        PackContent? Build(bool batched)
        {
            if (graphs.Files(batched) is not { } files) return null;
            static TensorDocument Tensor(string name, string bind, long[] shape) => new() { Name = name, Bind = bind, Shape = shape };
            var manifest = new ManifestDocument
            {
                Format = ModelPack.FormatV1,
                Name = options.Name ?? Path.GetFileName(source.TrimEnd(Path.DirectorySeparatorChar)),
                Family = TrackerFamilies.NameOf(TrackerFamily.NanoTrack),
                Description = "NanoTrack (MobileNetV3 backbone and BAN head), public ONNX release; graphs edited by siamese pack, weights unchanged: "
                              + graphs.Describe(batched) + ".",
                License = "Apache-2.0 (HonglinChu/SiamTrackers)",
                Source = source + (options.Hyperparameters is not null ? " (hyperparameters given explicitly)"
                    : $" (hyperparameters from {(configPath == Path.Combine(source, ConfigFileName) ? ConfigFileName : configPath)})"),
                Input = new InputDocument { ColorOrder = "bgr", ExemplarSize = exemplar, InstanceSize = instance, ContextAmount = context },
                Output = new OutputDocument { Stride = stride, ScoreSize = scoreSize },
                Hyperparameters = new HyperparametersDocument { WindowInfluence = hp.WindowInfluence, PenaltyK = hp.PenaltyK, Lr = hp.LearningRate },
                Template =
                [
                    new GraphDocument
                    {
                        File = templateBackbone,
                        Inputs = [Tensor(backbone.Inputs[0].Name, "exemplar", [1, 3, exemplar, exemplar])],
                        Outputs = [Tensor(backbone.Outputs[0].Name, "zf", zShape)],
                    },
                ],
                Search =
                [
                    new GraphDocument
                    {
                        File = layout.Backbone,
                        Inputs = [Tensor(backbone.Inputs[0].Name, "instance", Batch([1, 3, instance, instance], batched))],
                        Outputs = [Tensor(backbone.Outputs[0].Name, "xf", Batch(xShape, batched))],
                    },
                    new GraphDocument
                    {
                        File = layout.Head,
                        Inputs = [Tensor(zName, "zf", Batch(zShape, batched)), Tensor(xName, "xf", Batch(xShape, batched))],
                        Outputs = [Tensor(clsName, "cls", Batch(clsShape, batched)), Tensor(locName, "loc", Batch(locShape, batched))],
                    },
                ],
            };
            return new PackContent(files, JsonSerializer.Serialize(manifest, ManifestJsonContext.Default.ManifestDocument) + "\n");
        }
        return PackWriter.Write(target, source, Build);
    }

    private const string ConfigFileName = "config.yaml";

    /// <summary>An existing target is replaced only when it is a model pack (or an empty folder), never a file or another folder.</summary>
    private static void CheckTarget(string target, string source)
    {
        if (File.Exists(target)) throw new ModelPackException(target, null, "--out is a file; a pack is a folder");
        if (string.Equals(target, source, StringComparison.Ordinal))
            throw new ModelPackException(target, null, "--out is the release folder itself; choose another folder");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, ModelPack.ManifestFileName)))
            throw new ModelPackException(target, null, $"exists and is not a model pack (no {ModelPack.ManifestFileName}); it would be replaced, so choose an empty or new folder");
    }

    private static string Dims(long[] shape) => "[" + string.Join(", ", shape.Select(d => d <= 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    private static (TrackingHyperparameters Hp, int Exemplar, int Instance, double Context, int Stride, string? ConfigPath) ReadConfig(string source, NanoTrackImportOptions options)
    {
        string path = options.ConfigPath is { } explicitPath ? Path.GetFullPath(explicitPath) : Path.Combine(source, ConfigFileName);
        if (!File.Exists(path))
        {
            if (options.ConfigPath is null && options.Hyperparameters is { } given) return (given, 127, 255, 0.5, 16, null);
            throw new ModelPackException(path, null, options.ConfigPath is not null ? "config file not found"
                : "missing: the release's tracking constants (TRACK.WINDOW_INFLUENCE, PENALTY_K, LR) come from it; pass --config <config.yaml> of the matching release (the split 127/255 set is NanoTrack v2: its config.yaml)");
        }
        FlatYamlConfig c;
        try
        {
            c = FlatYamlConfig.Load(path);
        }
        catch (IOException ex)
        {
            throw new ModelPackException(path, null, "cannot read: " + ex.Message, ex);
        }
        var hp = options.Hyperparameters
                 ?? new TrackingHyperparameters(c.RequireDouble("TRACK.WINDOW_INFLUENCE"), c.RequireDouble("TRACK.PENALTY_K"), c.RequireDouble("TRACK.LR"));
        return (hp, Int(c, "TRACK.EXEMPLAR_SIZE", 127), Int(c, "TRACK.INSTANCE_SIZE", 255),
            c.Double("TRACK.CONTEXT_AMOUNT") ?? 0.5, Int(c, "POINT.STRIDE", 16), path);

        static int Int(FlatYamlConfig c, string key, int fallback)
        {
            double v = c.Double(key) ?? fallback;
            return v >= 1 && v <= 100_000 && v == Math.Floor(v) ? (int)v : throw new ModelPackException(c.Path, key, $"{v} is not a positive whole number");
        }
    }

    private sealed record Signature(List<(string Name, long[] Shape)> Inputs, List<(string Name, long[] Shape)> Outputs);

    private static Signature ReadSignature(string file)
    {
        try
        {
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
            using var session = new InferenceSession(file, options);
            static List<(string, long[])> List(IReadOnlyDictionary<string, NodeMetadata> m) =>
                m.Select(kv => (kv.Key, kv.Value.Dimensions.Select(d => (long)d).ToArray())).ToList();
            return new Signature(List(session.InputMetadata), List(session.OutputMetadata));
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelPackException(file, null, "ONNX Runtime cannot load the model: " + ex.Message, ex);
        }
    }
}
