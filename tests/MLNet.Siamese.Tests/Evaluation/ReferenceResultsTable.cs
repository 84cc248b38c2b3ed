using System.Globalization;
using System.Text.RegularExpressions;

namespace MLNet.Siamese.Tests.Evaluation;

/// <summary>
/// Parses the metrics table of ../shared/docs/reference-results.md: a header row naming the trackers, one row per
/// sequence and a <c>**mean**</c> row; each cell is <c>AUC / precision@20</c>.
/// </summary>
internal sealed partial class ReferenceResultsTable
{
    public required IReadOnlyList<string> Trackers { get; init; }

    /// <summary>(sequence or "mean", tracker) → (AUC, precision).</summary>
    public required IReadOnlyDictionary<(string Sequence, string Tracker), (double Auc, double Precision)> Cells { get; init; }

    public IEnumerable<string> Sequences => Cells.Keys.Select(k => k.Sequence).Where(s => s != "mean").Distinct();

    public static ReferenceResultsTable Parse(string path)
    {
        var lines = File.ReadAllLines(path);
        int header = Array.FindIndex(lines, l => l.StartsWith("| sequence |", StringComparison.Ordinal));
        Assert.True(header >= 0, $"{path}: no '| sequence |' table");
        var trackers = Split(lines[header]).Skip(2).ToList();
        var cells = new Dictionary<(string, string), (double, double)>();
        for (int i = header + 2; i < lines.Length && lines[i].StartsWith('|'); i++)
        {
            var row = Split(lines[i]);
            string sequence = row[0].Trim('*');
            for (int t = 0; t < trackers.Count; t++)
            {
                var m = Pair().Match(row[2 + t]);
                Assert.True(m.Success, $"{path}: line {i + 1}: cell '{row[2 + t]}' is not 'AUC / precision'");
                cells[(sequence, trackers[t])] = (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                    double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            }
        }
        return new ReferenceResultsTable { Trackers = trackers, Cells = cells };
    }

    private static List<string> Split(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToList();

    [GeneratedRegex(@"([0-9.]+)\s*/\s*([0-9.]+)")]
    private static partial Regex Pair();
}
