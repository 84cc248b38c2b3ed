using System.Globalization;
using System.Text.RegularExpressions;

namespace MLNet.Siamese.Tests.Evaluation;

/// <summary>
/// Parses the metrics table of ../shared/docs/reference-results.md: each table has a header row naming the trackers, one row per
/// sequence and a <c>**mean**</c> row; each cell is <c>AUC / precision@20</c>.
/// </summary>
internal sealed partial class ReferenceResultsTable
{
    public required IReadOnlyList<string> Trackers { get; init; }

    /// <summary>(sequence or "mean", tracker) → (AUC, precision).</summary>
    public required IReadOnlyDictionary<(string Sequence, string Tracker), (double Auc, double Precision)> Cells { get; init; }

    public IEnumerable<string> Sequences => Cells.Keys.Select(k => k.Sequence).Where(s => s != "mean").Distinct();

    /// <summary>Every table of the file whose header starts with <c>| sequence |</c> (a <c>frames</c> column is skipped).</summary>
    public static ReferenceResultsTable Parse(string path)
    {
        var lines = File.ReadAllLines(path);
        var trackers = new List<string>();
        var cells = new Dictionary<(string, string), (double, double)>();
        for (int header = 0; header < lines.Length; header++)
        {
            if (!lines[header].StartsWith("| sequence |", StringComparison.Ordinal)) continue;
            var names = Split(lines[header]);
            var columns = Enumerable.Range(1, names.Count - 1).Where(c => names[c] != "frames").ToList();
            trackers.AddRange(columns.Select(c => names[c]));
            int i = header + 2;
            for (; i < lines.Length && lines[i].StartsWith('|'); i++)
            {
                var row = Split(lines[i]);
                string sequence = row[0].Trim('*');
                foreach (int c in columns)
                {
                    var m = Pair().Match(row[c]);
                    Assert.True(m.Success, $"{path}: line {i + 1}: cell '{row[c]}' is not 'AUC / precision'");
                    cells[(sequence, names[c])] = (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                        double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
                }
            }
            header = i;
        }
        Assert.True(trackers.Count > 0, $"{path}: no '| sequence |' table");
        return new ReferenceResultsTable { Trackers = trackers, Cells = cells };
    }

    private static List<string> Split(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToList();

    [GeneratedRegex(@"([0-9.]+)\s*/\s*([0-9.]+)")]
    private static partial Regex Pair();
}
