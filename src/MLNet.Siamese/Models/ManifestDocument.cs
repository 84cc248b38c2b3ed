using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLNet.Siamese.Models;

// The JSON shape of model.json, deserialised strictly (unknown members are errors) and then validated into a ModelPack.
// Mutable DTOs stay internal; the public surface is the immutable ModelPack.

internal sealed class ManifestDocument
{
    public string? Format { get; set; }
    public string? Name { get; set; }
    public string? Family { get; set; }
    public string? Description { get; set; }
    public string? License { get; set; }
    public string? Source { get; set; }
    public InputDocument? Input { get; set; }
    public OutputDocument? Output { get; set; }
    public HyperparametersDocument? Hyperparameters { get; set; }
    public AnchorsDocument? Anchors { get; set; }
    public LongTermDocument? LongTerm { get; set; }
    public List<GraphDocument>? Template { get; set; }
    public List<GraphDocument>? Search { get; set; }
}

/// <summary>Source-generated (de)serialization of model.json: camelCase, unknown members are errors, comments and
/// trailing commas allowed when reading; null members left out when writing.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ManifestDocument))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;

internal sealed class InputDocument
{
    public string? ColorOrder { get; set; }
    public int? ExemplarSize { get; set; }
    public int? InstanceSize { get; set; }
    public double? ContextAmount { get; set; }
}

internal sealed class OutputDocument
{
    public int? Stride { get; set; }
    public int? ScoreSize { get; set; }
}

internal sealed class HyperparametersDocument
{
    public double? WindowInfluence { get; set; }
    public double? PenaltyK { get; set; }
    public double? Lr { get; set; }
    public int? ScaleNum { get; set; }
    public double? ScaleStep { get; set; }
    public double? ScalePenalty { get; set; }
    public double? ScaleLr { get; set; }
    public int? ResponseUp { get; set; }
    public bool? ClipCenter { get; set; }
}

internal sealed class AnchorsDocument
{
    public double[]? Ratios { get; set; }
    public double[]? Scales { get; set; }
    public int? BaseSize { get; set; }
}

internal sealed class LongTermDocument
{
    public int? LostInstanceSize { get; set; }
    public double? ConfidenceLow { get; set; }
    public double? ConfidenceHigh { get; set; }
    public double? LostWindowInfluence { get; set; }
}

internal sealed class GraphDocument
{
    public string? File { get; set; }
    /// <summary>Written by packs of older versions, whose loader edited the graph; read only to name the fix.</summary>
    public bool? FreeSpatialDims { get; set; }
    public List<TensorDocument>? Inputs { get; set; }
    public List<TensorDocument>? Outputs { get; set; }
}

internal sealed class TensorDocument
{
    public string? Name { get; set; }
    public string? Bind { get; set; }
    public long[]? Shape { get; set; }
}
