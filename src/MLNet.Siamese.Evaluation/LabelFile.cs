using System.Globalization;

namespace MLNet.Siamese.Evaluation;

/// <summary>
/// Reads per-frame integer labels: GOT-10k's <c>absence.label</c> / <c>cover.label</c> (one value per line) and LaSOT's
/// <c>full_occlusion.txt</c> / <c>out_of_view.txt</c> (one comma-separated line). Values may be separated by commas,
/// spaces, tabs or newlines.
/// </summary>
public static class LabelFile
{
    /// <summary>Reads the labels of <paramref name="path"/>, each checked to lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="AnnotationException">Missing file, or a value that is not an integer in range (names file and line).</exception>
    public static int[] Read(string path, int min, int max)
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
        var values = new List<int>();
        for (int i = 0; i < lines.Length; i++)
        {
            foreach (var token in lines[i].Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                // Some exports write labels as floats ("1.0"); accept integral values only.
                if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || v != Math.Floor(v)
                    || v < min || v > max)
                    throw new AnnotationException(path, i + 1, $"'{token}' is not an integer label in [{min}, {max}]");
                values.Add((int)v);
            }
        }
        return values.ToArray();
    }
}
