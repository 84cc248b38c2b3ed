using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// The one way the commands declare options with values: every number, path and choice is parsed here, so a bad value
/// is always a usage error (<c>error: --name: …</c>, exit 2) naming the option and the value, never an exception.
/// Parsers report failures themselves (System.CommandLine's own conversion errors, read back by a validator, used to
/// crash the process).
/// </summary>
internal static class OptionFactory
{
    /// <summary>Longest part of a bad value echoed in an error message.</summary>
    private const int EchoLength = 60;

    /// <summary>An integer option in <paramref name="min"/>..<paramref name="max"/> with a default.</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParseInt(r, name, min, max) ?? defaultValue,
        };

    /// <summary>An optional integer option in <paramref name="min"/>..<paramref name="max"/> (null when absent).</summary>
    public static Option<int?> OptionalInt(string name, string description, int min, int max, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            CustomParser = r => ParseInt(r, name, min, max),
        };

    /// <summary>An optional finite number greater than zero (null when absent).</summary>
    public static Option<double?> OptionalPositive(string name, string description, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            CustomParser = r =>
            {
                string text = Single(r);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && v > 0)
                    return v;
                r.AddError($"{name}: expected a finite number greater than 0, got {Echo(text)}");
                return null;
            },
        };

    /// <summary>A file or folder path: not blank, no NUL character.</summary>
    public static Option<string> Path(string name, string description, bool required, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            Required = required,
            CustomParser = r => CheckPath(r, name, Single(r)),
        };

    /// <summary>An optional file or folder path (null when absent).</summary>
    public static Option<string?> OptionalPath(string name, string description, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            CustomParser = r => CheckPath(r, name, Single(r)),
        };

    /// <summary>One or more paths (several after one option, or the option repeated).</summary>
    public static Option<string[]> Paths(string name, string description, bool required, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            Required = required,
            AllowMultipleArgumentsPerToken = true,
            CustomParser = r => r.Tokens.Select(t => CheckPath(r, name, t.Value)).ToArray(),
        };

    /// <summary>An optional name or label: not blank, no control characters (null when absent).</summary>
    public static Option<string?> OptionalText(string name, string description, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            CustomParser = r =>
            {
                string text = Single(r);
                if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsControl))
                    r.AddError($"{name}: expected a non-blank name without control characters, got {Echo(text)}");
                return text;
            },
        };

    /// <summary>An on/off switch: given alone it is on; an explicit value must be true or false.</summary>
    public static Option<bool> Flag(string name, string description, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = r =>
            {
                if (r.Tokens.Count == 0) return true;
                string text = Single(r);
                if (bool.TryParse(text.Trim(), out bool v)) return v;
                r.AddError($"{name}: a switch takes no value (or true/false), got {Echo(text)}");
                return false;
            },
        };

    /// <summary>One of a fixed set of words (case-insensitive), with a default.</summary>
    public static Option<T> Choice<T>(string name, string description, T defaultValue, params (string Word, T Value)[] choices)
    {
        string words = string.Join(", ", choices.Select(c => c.Word));
        return new Option<T>(name)
        {
            Description = description,
            HelpName = string.Join('|', choices.Select(c => c.Word)),
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r =>
            {
                string text = Single(r);
                foreach (var (word, value) in choices)
                    if (string.Equals(text.Trim(), word, StringComparison.OrdinalIgnoreCase)) return value;
                r.AddError($"{name}: expected one of {words}, got {Echo(text)}");
                return defaultValue;
            },
        };
    }

    /// <summary>Parses the option's value as an integer in range; adds the error and returns null otherwise.</summary>
    public static int? ParseInt(ArgumentResult r, string name, int min, int max)
    {
        string text = Single(r);
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max) return v;
        r.AddError($"{name}: expected {Range(min, max)}, got {Echo(text)}");
        return null;
    }

    /// <summary>The value quoted for a message: control characters shown as '?', long values cut.</summary>
    public static string Echo(string value)
    {
        var clean = new string(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length <= EchoLength ? $"'{clean}'" : $"'{clean[..EchoLength]}…' ({value.Length} characters)";
    }

    /// <summary>True when <paramref name="path"/> passes the path options' checks (not blank, no NUL character).</summary>
    public static bool IsPath(string path) => !string.IsNullOrWhiteSpace(path) && !path.Contains('\0');

    private static string Range(int min, int max) => max == int.MaxValue
        ? $"a whole number >= {min}"
        : $"a whole number from {min} to {max}";

    private static string Single(ArgumentResult r) => string.Join(' ', r.Tokens.Select(t => t.Value));

    private static string CheckPath(ArgumentResult r, string name, string path)
    {
        if (!IsPath(path)) r.AddError($"{name}: expected a path, got {Echo(path)}");
        return path;
    }
}
