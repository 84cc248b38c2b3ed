using System.Globalization;
using System.Text;
using MLNet.Siamese.Output;

namespace MLNet.Siamese.Evaluation.Results;

/// <summary>
/// Writes result and times files the public toolkits read: one region per line as comma-separated values in
/// round-trip precision (VOT codes as a single number). Each file is written to a temporary name and renamed into
/// place, so an interrupted run never leaves a partial file that <c>--resume</c> would take for a finished one.
/// </summary>
public static class ResultFileWriter
{
    /// <summary>Writes <paramref name="regions"/> to <paramref name="path"/> (folders created).</summary>
    /// <exception cref="OutputException">The file cannot be written.</exception>
    public static void WriteRegions(string path, IEnumerable<Region> regions)
    {
        var text = new StringBuilder();
        foreach (var r in regions)
        {
            if (r.Kind == RegionKind.Special) text.Append(r.Code.ToString(CultureInfo.InvariantCulture));
            else if (r.Kind == RegionKind.Polygon) text.AppendJoin(',', r.Points.Select(Format));
            else text.Append(Format(r.Box.X)).Append(',').Append(Format(r.Box.Y)).Append(',').Append(Format(r.Box.Width)).Append(',').Append(Format(r.Box.Height));
            text.Append('\n');
        }
        WriteAtomically(path, text.ToString());
    }

    /// <summary>Writes per-frame seconds to <paramref name="path"/>.</summary>
    /// <exception cref="OutputException">The file cannot be written.</exception>
    public static void WriteTimes(string path, IEnumerable<double> seconds) =>
        WriteAtomically(path, string.Concat(seconds.Select(s => s.ToString("0.00000000", CultureInfo.InvariantCulture) + "\n")));

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static void WriteAtomically(string path, string content) => AtomicFile.WriteAllText(path, content);
}
