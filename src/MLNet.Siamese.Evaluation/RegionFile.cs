using System.Globalization;
using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Evaluation;

/// <summary>
/// Reads annotation and result files with one region per line: 4 values <c>x,y,w,h</c>, 8 values (a VOT polygon) or,
/// for VOT result files, one code (0, 1, 2). Values may be separated by commas, tabs or spaces; <c>NaN</c> is accepted
/// (a target absent in UAV123). A last line without a newline is fine; blank lines are allowed only at the end.
/// </summary>
public static class RegionFile
{
    private static readonly char[] Separators = [',', ' ', '\t'];

    /// <summary>Reads every region of <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="allowCodes">Accept one-value rows (VOT result codes 0, 1, 2).</param>
    /// <exception cref="AnnotationException">Missing file, or a malformed row (the message names file and line).</exception>
    public static IReadOnlyList<Region> Read(string path, bool allowCodes = false)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AnnotationException(path, null, File.Exists(path) ? "cannot read: " + ex.Message : "file not found", ex);
        }
        int last = lines.Length;
        while (last > 0 && string.IsNullOrWhiteSpace(lines[last - 1])) last--;
        var regions = new List<Region>(last);
        for (int i = 0; i < last; i++) regions.Add(ParseLine(path, i + 1, lines[i], allowCodes));
        return regions;
    }

    /// <summary>Reads the axis-aligned boxes of <paramref name="path"/> (polygons become their min/max box).</summary>
    /// <exception cref="AnnotationException">Missing file, or a malformed row (the message names file and line).</exception>
    public static IReadOnlyList<BoundingBox> ReadBoxes(string path) => Read(path).Select(r => r.Box).ToList();

    /// <summary>Parses one row; <paramref name="lineNumber"/> is 1-based and only used in error messages.</summary>
    /// <exception cref="AnnotationException">The row is not 4 or 8 numbers (or a code when allowed).</exception>
    public static Region ParseLine(string path, int lineNumber, string line, bool allowCodes = false)
    {
        var parts = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new AnnotationException(path, lineNumber, "empty line");
        if (parts.Length == 1 && allowCodes)
        {
            if (int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int code)
                && code is Region.Skipped or Region.Initialization or Region.Failure)
                return Region.FromCode(code);
            throw new AnnotationException(path, lineNumber, $"'{parts[0]}' is not a VOT code (0, 1 or 2) nor a region");
        }
        if (parts.Length != 4 && parts.Length != 8)
            throw new AnnotationException(path, lineNumber,
                $"expected 4 values x,y,w,h or 8 polygon values{(allowCodes ? " or a VOT code" : "")}, found {parts.Length}");
        var v = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++) v[i] = ParseValue(path, lineNumber, parts[i]);
        return parts.Length == 4 ? Region.FromBox(new BoundingBox(v[0], v[1], v[2], v[3])) : Region.FromPolygon(v);
    }

    private static double ParseValue(string path, int lineNumber, string text)
    {
        if (text.Equals("nan", StringComparison.OrdinalIgnoreCase)) return double.NaN;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
            return value;
        throw new AnnotationException(path, lineNumber, $"'{text}' is not a number");
    }
}
