using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MLNet.Siamese.Models.Import;

/// <summary>
/// The scalar settings of a pysot-style <c>config.yaml</c>, parsed with YamlDotNet, as <c>SECTION.KEY</c> entries
/// (nested mappings joined with dots; lists and other non-scalar values are not settings importers read).
/// </summary>
internal sealed class FlatYamlConfig
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    private FlatYamlConfig(string path) => Path = path;

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <exception cref="ModelPackException">The file is not valid YAML, or its root is not a mapping (names file and line).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static FlatYamlConfig Load(string path)
    {
        var config = new FlatYamlConfig(path);
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new ModelPackException(path, null, $"not valid YAML (line {ex.Start.Line}): {ex.Message}", ex);
        }
        if (yaml.Documents.Count == 0) return config;
        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new ModelPackException(path, null, "the root of the file is not a mapping of sections");
        config.Collect(root, "");
        return config;
    }

    private void Collect(YamlMappingNode mapping, string prefix)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key }) continue;
            string full = prefix.Length == 0 ? key : prefix + "." + key;
            switch (value)
            {
                case YamlMappingNode nested:
                    Collect(nested, full);
                    break;
                case YamlScalarNode { Value: { } scalar }:
                    _values[full] = scalar;
                    break;
            }
        }
    }

    public double? Double(string key) =>
        _values.TryGetValue(key, out var v)
            ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
              : throw new ModelPackException(Path, key, $"\"{v}\" is not a number")
            : null;

    public double RequireDouble(string key) => Double(key) ?? throw new ModelPackException(Path, key, "missing");
}
