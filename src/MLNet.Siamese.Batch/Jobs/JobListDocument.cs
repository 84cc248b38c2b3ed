using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLNet.Siamese.Batch;

// The JSON shape of a job list, deserialised strictly (unknown members are errors) and then validated by JobListJson.

internal sealed class JobListDocument
{
    public List<JobDocument?>? Jobs { get; set; }
}

/// <summary>Source-generated reading of a job list: camelCase, unknown members are errors, comments and trailing commas allowed.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(JobListDocument))]
[JsonSerializable(typeof(List<JobDocument?>))]
internal sealed partial class JobListJsonContext : JsonSerializerContext;

internal sealed class JobDocument
{
    public string? Id { get; set; }
    public string? Video { get; set; }
    public List<TargetDocument?>? Targets { get; set; }
}

internal sealed class TargetDocument
{
    public string? Id { get; set; }
    public long? StartFrame { get; set; }
    public double[]? Box { get; set; }
}
