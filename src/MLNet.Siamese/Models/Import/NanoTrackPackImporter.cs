using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace MLNet.Siamese.Models.Import;

/// <summary>
/// Writes a model pack for the public NanoTrack ONNX releases (v1/v2 <c>*_sim.onnx</c>, v3, or the split set with
/// separate 127/255 backbones). The single-backbone releases fix the input at 255, so the pack marks the template
/// backbone <c>freeSpatialDims</c> and the runtime frees those dimensions at load. Hyperparameters come from the
/// release's <c>config.yaml</c> when present.
/// </summary>
public static class NanoTrackPackImporter
{
    private static readonly (string Backbone, string? Backbone127, string Head)[] Layouts =
    [
        ("nanotrack_backbone_sim.onnx", null, "nanotrack_head_sim.onnx"),
        ("nanotrack_backbone.onnx", null, "nanotrack_head.onnx"),
        ("nanotrack_backbone255.onnx", "nanotrack_backbone127.onnx", "nanotrack_head.onnx"),
    ];

    /// <summary>Defaults of NanoTrack v2's config.yaml, used when a release folder has none.</summary>
    private static readonly TrackingHyperparameters DefaultHyperparameters = new(0.490, 0.150, 0.385);

    /// <summary>
    /// Creates (or overwrites) the pack folder <paramref name="outputDirectory"/> from the release folder
    /// <paramref name="sourceDirectory"/>, copying the ONNX files, and returns the loaded pack.
    /// </summary>
    /// <exception cref="ModelPackException">The folder holds no recognised NanoTrack ONNX set, or the files are invalid.</exception>
    public static ModelPack Import(string sourceDirectory, string outputDirectory, string? name = null)
    {
        string source = Path.GetFullPath(sourceDirectory);
        if (!Directory.Exists(source)) throw new ModelPackException(source, null, "NanoTrack release folder does not exist");
        var layout = Layouts.FirstOrDefault(l => File.Exists(Path.Combine(source, l.Backbone)) && File.Exists(Path.Combine(source, l.Head))
                                                 && (l.Backbone127 is null || File.Exists(Path.Combine(source, l.Backbone127))));
        if (layout.Backbone is null)
            throw new ModelPackException(source, null, "no NanoTrack ONNX files found (expected nanotrack_backbone[_sim].onnx + nanotrack_head[_sim].onnx, or nanotrack_backbone127/255.onnx + nanotrack_head.onnx)");

        var (hp, exemplar, instance, context, stride, configPath) = ReadConfig(source);
        var head = ReadSignature(Path.Combine(source, layout.Head));
        var backbone = ReadSignature(Path.Combine(source, layout.Backbone));
        if (head.Inputs.Count != 2 || head.Outputs.Count != 2 || backbone.Inputs.Count != 1 || backbone.Outputs.Count != 1)
            throw new ModelPackException(Path.Combine(source, layout.Head), null, "unexpected NanoTrack signature (head: 2 inputs, 2 outputs; backbone: 1 input, 1 output)");
        // Identify tensors by shape, not position: template features are spatially smaller, loc has 4 channels.
        var inputs = head.Inputs.OrderBy(i => i.Shape.Length > 2 ? i.Shape[2] : 0).ToList();
        var outputs = head.Outputs.OrderBy(o => o.Shape.Length > 1 && o.Shape[1] == 4 ? 1 : 0).ToList();
        var (zName, zShape) = inputs[0];
        var (xName, xShape) = inputs[1];
        var (clsName, clsShape) = outputs[0];
        var (locName, locShape) = outputs[1];
        if (clsShape.Length != 4 || locShape.Length != 4 || locShape[1] != 4)
            throw new ModelPackException(Path.Combine(source, layout.Head), null, "head outputs are not [1,C,S,S] score and [1,4,S,S] box maps");
        int scoreSize = (int)clsShape[2];

        Directory.CreateDirectory(outputDirectory);
        var files = new[] { layout.Backbone, layout.Backbone127, layout.Head }.OfType<string>();
        foreach (var f in files) File.Copy(Path.Combine(source, f), Path.Combine(outputDirectory, f), overwrite: true);

        string templateBackbone = layout.Backbone127 ?? layout.Backbone;
        var manifest = new Dictionary<string, object?>
        {
            ["format"] = ModelPack.FormatV1,
            ["name"] = name ?? Path.GetFileName(source.TrimEnd(Path.DirectorySeparatorChar)),
            ["family"] = TrackerFamilies.NameOf(TrackerFamily.NanoTrack),
            ["description"] = "NanoTrack (MobileNetV3 backbone + BAN head), public ONNX release imported as-is.",
            ["license"] = "Apache-2.0 (HonglinChu/SiamTrackers)",
            ["source"] = source + (configPath is null ? "" : $" (hyperparameters from {Path.GetFileName(configPath)})"),
            ["input"] = new { colorOrder = "bgr", exemplarSize = exemplar, instanceSize = instance, contextAmount = context },
            ["output"] = new { stride, scoreSize },
            ["hyperparameters"] = new { windowInfluence = hp.WindowInfluence, penaltyK = hp.PenaltyK, lr = hp.LearningRate },
            ["template"] = new[]
            {
                new
                {
                    file = templateBackbone,
                    freeSpatialDims = layout.Backbone127 is null ? true : (bool?)null,
                    inputs = new[] { new { name = backbone.Inputs[0].Name, bind = "exemplar", shape = new long[] { 1, 3, exemplar, exemplar } } },
                    outputs = new[] { new { name = backbone.Outputs[0].Name, bind = "zf", shape = zShape } },
                },
            },
            ["search"] = new object[]
            {
                new
                {
                    file = layout.Backbone,
                    inputs = new[] { new { name = backbone.Inputs[0].Name, bind = "instance", shape = new long[] { 1, 3, instance, instance } } },
                    outputs = new[] { new { name = backbone.Outputs[0].Name, bind = "xf", shape = xShape } },
                },
                new
                {
                    file = layout.Head,
                    inputs = new[] { new { name = zName, bind = "zf", shape = zShape }, new { name = xName, bind = "xf", shape = xShape } },
                    outputs = new[] { new { name = clsName, bind = "cls", shape = clsShape }, new { name = locName, bind = "loc", shape = locShape } },
                },
            },
        };
        File.WriteAllText(Path.Combine(outputDirectory, ModelPack.ManifestFileName),
            JsonSerializer.Serialize(manifest, ManifestDocument.JsonOptions) + "\n");
        return ModelPack.Load(outputDirectory);
    }

    private static (TrackingHyperparameters Hp, int Exemplar, int Instance, double Context, int Stride, string? ConfigPath) ReadConfig(string source)
    {
        string path = Path.Combine(source, "config.yaml");
        if (!File.Exists(path)) return (DefaultHyperparameters, 127, 255, 0.5, 16, null);
        var c = FlatYamlConfig.Load(path);
        var hp = new TrackingHyperparameters(c.RequireDouble("TRACK.WINDOW_INFLUENCE"), c.RequireDouble("TRACK.PENALTY_K"), c.RequireDouble("TRACK.LR"));
        return (hp, (int)(c.Double("TRACK.EXEMPLAR_SIZE") ?? 127), (int)(c.Double("TRACK.INSTANCE_SIZE") ?? 255),
            c.Double("TRACK.CONTEXT_AMOUNT") ?? 0.5, (int)(c.Double("POINT.STRIDE") ?? 16), path);
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
