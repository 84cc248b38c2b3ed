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

    // Only ManifestValidator creates packs: the init-only properties below are set in its object initializer (by name,
    // where 19 positional arguments — several ints in a row — could be swapped unnoticed) and nowhere else.
    internal ModelPack()
    {
    }

    /// <summary>Absolute path of the pack folder.</summary>
    public required string Directory { get; init; }

    /// <summary>Absolute path of <c>model.json</c>.</summary>
    public required string ManifestPath { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Tracker family, which decides the decoder.</summary>
    public required TrackerFamily Family { get; init; }

    /// <summary>The decoder the family uses.</summary>
    public DecoderKind Decoder => TrackerFamilies.DecoderOf(Family);

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Licence of the weights.</summary>
    public string? License { get; init; }

    /// <summary>Where the weights come from.</summary>
    public string? Source { get; init; }

    /// <summary>Channel order the model expects.</summary>
    public required ColorOrder ColorOrder { get; init; }

    /// <summary>Template crop side in pixels (127).</summary>
    public required int ExemplarSize { get; init; }

    /// <summary>Search crop side in pixels (255).</summary>
    public required int InstanceSize { get; init; }

    /// <summary>Context margin around the target when cropping (0.5).</summary>
    public required double ContextAmount { get; init; }

    /// <summary>Total network stride in pixels of the search crop.</summary>
    public required int Stride { get; init; }

    /// <summary>Side of the score map.</summary>
    public required int ScoreSize { get; init; }

    /// <summary>Default post-processing constants.</summary>
    public required TrackingHyperparameters Hyperparameters { get; init; }

    /// <summary>Scale pyramid of the response-map family; null for other families.</summary>
    public ScalePyramid? Scales { get; init; }

    /// <summary>Anchor boxes of the anchor family; null for other families.</summary>
    public AnchorSettings? Anchors { get; init; }

    /// <summary>Long-term mode settings (anchor family, optional); null when the pack does not enable it.</summary>
    public LongTermSettings? LongTerm { get; init; }

    /// <summary>Graphs run once per target on the exemplar crop, in order.</summary>
    public required IReadOnlyList<GraphSpec> TemplateGraphs { get; init; }

    /// <summary>Graphs run per frame on the search crop, in order.</summary>
    public required IReadOnlyList<GraphSpec> SearchGraphs { get; init; }

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
