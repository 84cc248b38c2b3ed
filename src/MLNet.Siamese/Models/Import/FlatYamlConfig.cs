using System.Globalization;

namespace MLNet.Siamese.Models.Import;

/// <summary>
/// Reads the scalar settings of a pysot-style <c>config.yaml</c> (two-level <c>SECTION: / KEY: value</c> blocks) as
/// <c>SECTION.KEY</c> entries. Lists and deeper nesting are ignored: importers only need the tracking constants.
/// </summary>
internal sealed class FlatYamlConfig
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _path;

    private FlatYamlConfig(string path) => _path = path;

    /// <summary>The file read.</summary>
    public string Path => _path;

    public static FlatYamlConfig Load(string path)
    {
        var config = new FlatYamlConfig(path);
        var stack = new List<(int Indent, string Key)>();
        foreach (var raw in File.ReadLines(path))
        {
            var line = StripComment(raw).TrimEnd();
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('-')) continue;
            int indent = line.Length - line.TrimStart().Length;
            int colon = line.IndexOf(':');
            if (colon < 0) continue;
            string key = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim().Trim('"', '\'');
            while (stack.Count > 0 && stack[^1].Indent >= indent) stack.RemoveAt(stack.Count - 1);
            string full = string.Join('.', stack.Select(s => s.Key).Append(key));
            if (value.Length == 0) stack.Add((indent, key));
            else config._values[full] = value;
        }
        return config;
    }

    public double? Double(string key) =>
        _values.TryGetValue(key, out var v)
            ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
              : throw new ModelPackException(_path, key, $"\"{v}\" is not a number")
            : null;

    public double RequireDouble(string key) => Double(key) ?? throw new ModelPackException(_path, key, "missing");

    private static string StripComment(string line)
    {
        int hash = line.IndexOf('#');
        return hash < 0 ? line : line[..hash];
    }
}
