using System.Globalization;

namespace MLNet.Siamese.Evaluation.Results;

/// <summary>Per-frame seconds of a run, one number per line (got10k's <c>&lt;seq&gt;_time.txt</c>).</summary>
public static class TimesFile
{
    /// <summary>Reads the seconds of <paramref name="path"/>.</summary>
    /// <exception cref="AnnotationException">Missing file or a line that is not a number (names file and line).</exception>
    public static double[] Read(string path)
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
        var values = new List<double>(lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0) continue;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                throw new AnnotationException(path, i + 1, $"'{text}' is not a number of seconds");
            values.Add(v);
        }
        return values.ToArray();
    }

    /// <summary>Frames per second as got10k reports it: the mean of 1/t over frames with t &gt; 0; null when none.</summary>
    public static double? FramesPerSecond(IReadOnlyList<double> seconds)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        var positive = seconds.Where(t => t > 0).ToList();
        return positive.Count == 0 ? null : positive.Average(t => 1 / t);
    }
}
