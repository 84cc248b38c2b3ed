using System.Text.Json;
using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Models;

/// <summary>
/// A validated model pack: a folder holding <c>model.json</c> and the ONNX files it names. Immutable. Loading is
/// the only place that touches the file system for models; ONNX shapes are checked when sessions are created
/// (<see cref="MLNet.Siamese.Inference.SiameseModel"/>).
/// </summary>
public sealed class ModelPack
{
    /// <summary>The manifest file name inside a pack folder.</summary>
    public const string ManifestFileName = "model.json";

    /// <summary>The manifest format this version reads.</summary>
    public const string FormatV1 = "mlnet-siamese-pack/1";

    internal ModelPack(string directory, string manifestPath, string name, TrackerFamily family, string? description,
        string? license, string? source, ColorOrder colorOrder, int exemplarSize, int instanceSize, double contextAmount,
        int stride, int scoreSize, TrackingHyperparameters hyperparameters,
        IReadOnlyList<GraphSpec> templateGraphs, IReadOnlyList<GraphSpec> searchGraphs,
        ScalePyramid? scales = null, AnchorSettings? anchors = null, LongTermSettings? longTerm = null)
    {
        Scales = scales;
        Anchors = anchors;
        LongTerm = longTerm;
        Directory = directory;
        ManifestPath = manifestPath;
        Name = name;
        Family = family;
        Description = description;
        License = license;
        Source = source;
        ColorOrder = colorOrder;
        ExemplarSize = exemplarSize;
        InstanceSize = instanceSize;
        ContextAmount = contextAmount;
        Stride = stride;
        ScoreSize = scoreSize;
        Hyperparameters = hyperparameters;
        TemplateGraphs = templateGraphs;
        SearchGraphs = searchGraphs;
    }

    /// <summary>Absolute path of the pack folder.</summary>
    public string Directory { get; }

    /// <summary>Absolute path of <c>model.json</c>.</summary>
    public string ManifestPath { get; }

    /// <summary>Display name.</summary>
    public string Name { get; }

    /// <summary>Tracker family, which decides the decoder.</summary>
    public TrackerFamily Family { get; }

    /// <summary>The decoder the family uses.</summary>
    public DecoderKind Decoder => TrackerFamilies.DecoderOf(Family);

    /// <summary>Free text.</summary>
    public string? Description { get; }

    /// <summary>Licence of the weights.</summary>
    public string? License { get; }

    /// <summary>Where the weights come from.</summary>
    public string? Source { get; }

    /// <summary>Channel order the model expects.</summary>
    public ColorOrder ColorOrder { get; }

    /// <summary>Template crop side in pixels (127).</summary>
    public int ExemplarSize { get; }

    /// <summary>Search crop side in pixels (255).</summary>
    public int InstanceSize { get; }

    /// <summary>Context margin around the target when cropping (0.5).</summary>
    public double ContextAmount { get; }

    /// <summary>Total network stride in pixels of the search crop.</summary>
    public int Stride { get; }

    /// <summary>Side of the score map.</summary>
    public int ScoreSize { get; }

    /// <summary>Default post-processing constants.</summary>
    public TrackingHyperparameters Hyperparameters { get; }

    /// <summary>Scale pyramid of the response-map family; null for other families.</summary>
    public ScalePyramid? Scales { get; }

    /// <summary>Anchor boxes of the anchor family; null for other families.</summary>
    public AnchorSettings? Anchors { get; }

    /// <summary>Long-term mode settings (anchor family, optional); null when the pack does not enable it.</summary>
    public LongTermSettings? LongTerm { get; }

    /// <summary>Graphs run once per target on the exemplar crop, in order.</summary>
    public IReadOnlyList<GraphSpec> TemplateGraphs { get; }

    /// <summary>Graphs run per frame on the search crop, in order.</summary>
    public IReadOnlyList<GraphSpec> SearchGraphs { get; }

    /// <summary>Loads and validates a pack from its folder (or from the path of its <c>model.json</c>).</summary>
    /// <exception cref="ModelPackException">Missing folder/manifest/ONNX file, malformed JSON, unknown family,
    /// an invalid or missing field, or a file path escaping the pack folder. The message names file and field.</exception>
    public static ModelPack Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string manifestPath = File.Exists(full) ? full : Path.Combine(full, ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            throw System.IO.Directory.Exists(full) || File.Exists(full)
                ? new ModelPackException(manifestPath, null, $"no {ManifestFileName} in the pack folder")
                : new ModelPackException(full, null, "model pack folder does not exist");
        }

        ManifestDocument? doc;
        try
        {
            using var stream = File.OpenRead(manifestPath);
            doc = JsonSerializer.Deserialize(stream, ManifestJsonContext.Default.ManifestDocument);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1})" : "";
            throw new ModelPackException(manifestPath, NormaliseJsonPath(ex.Path), $"malformed manifest{where}: {FirstSentence(ex.Message)}", ex);
        }
        catch (IOException ex)
        {
            throw new ModelPackException(manifestPath, null, "cannot read manifest: " + ex.Message, ex);
        }
        if (doc is null) throw new ModelPackException(manifestPath, null, "manifest is empty (null)");
        return new ManifestValidator(Path.GetDirectoryName(manifestPath)!, manifestPath).Validate(doc);
    }

    private static string? NormaliseJsonPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.TrimStart('$', '.');

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
