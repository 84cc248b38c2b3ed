using System.Text;
using MLNet.Siamese.Output;

namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>Writes every summary of a report into a folder: <c>summary.json</c>, <c>summary.csv</c>, <c>summary.md</c> and the plots (SVG and PNG).</summary>
public static class ReportWriter
{
    /// <summary>Writes the files and returns their paths.</summary>
    /// <exception cref="OutputException">A file cannot be written.</exception>
    public static IReadOnlyList<string> WriteAll(EvaluationReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        var files = new List<(string, byte[])>
        {
            ("summary.json", Encoding.UTF8.GetBytes(JsonReportWriter.Format(report))),
            ("summary.csv", Encoding.UTF8.GetBytes(CsvReportWriter.Format(report))),
            ("summary.md", Encoding.UTF8.GetBytes(MarkdownReportWriter.Format(report))),
        };
        files.AddRange(PlotWriter.Render(report));
        var written = new List<string>();
        foreach (var (name, content) in files)
        {
            string path = Path.Combine(folder, name);
            AtomicFile.Write(path, stream => stream.Write(content));
            written.Add(path);
        }
        return written;
    }
}
