using System.Globalization;

namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>
/// Builds the plots of a report, one curve per tracker sorted by its score, the score in the legend:
/// OTB → success (AUC) and precision (precision at 20 px) plots; GOT-10k → success plot (AO);
/// VOT → expected-overlap curve (EAO, with the averaged range marked).
/// </summary>
public static class PlotWriter
{
    /// <summary>The plots of <paramref name="report"/> as (file name, content): each plot as SVG and as PNG.</summary>
    public static IReadOnlyList<(string FileName, byte[] Content)> Render(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        IReadOnlyList<(string Name, LinePlot Plot)> plots = report.Protocol switch
        {
            EvaluationProtocol.Got10k => [("success.svg", Plot("Success plot (GOT-10k)", "Overlap threshold", "Success rate", (0, 1, 0.1),
                LegendCorner.BottomLeft, report.Trackers, t => t.Got10k!.AverageOverlap, _ => Got10kScores.Thresholds, t => t.Got10k!.SuccessCurve))],
            EvaluationProtocol.Vot => [("eao.svg", Eao(report))],
            _ =>
            [
                ("success.svg", Plot("Success plots of OPE", "Overlap threshold", "Success rate", (0, 1, 0.1), LegendCorner.BottomLeft,
                    report.Trackers, t => t.OnePass!.Auc, _ => OtbMetrics.IouThresholds, t => t.OnePass!.SuccessCurve)),
                ("precision.svg", Plot("Precision plots of OPE", "Location error threshold (px)", "Precision", (0, 50, 5), LegendCorner.BottomRight,
                    report.Trackers, t => t.OnePass!.Precision, _ => OtbMetrics.PixelThresholds, t => t.OnePass!.PrecisionCurve)),
            ],
        };
        return plots.SelectMany(p => new[]
        {
            (p.Name, System.Text.Encoding.UTF8.GetBytes(p.Plot.RenderSvg())),
            (Path.ChangeExtension(p.Name, ".png"), p.Plot.RenderPng()),
        }).ToList();
    }

    private static LinePlot Plot(string title, string xLabel, string yLabel, (double, double, double) xAxis, LegendCorner legend,
        IReadOnlyList<TrackerScore> trackers, Func<TrackerScore, double> score, Func<TrackerScore, IReadOnlyList<double>> x,
        Func<TrackerScore, IReadOnlyList<double>> y, IReadOnlyList<double>? markers = null) =>
        new LinePlot
        {
            Title = title,
            XLabel = xLabel,
            YLabel = yLabel,
            XAxis = xAxis,
            Legend = legend,
            Markers = markers ?? [],
            Series = trackers.OrderByDescending(score).ThenBy(t => t.Tracker, StringComparer.Ordinal)
                .Select(t => new PlotSeries($"{t.Tracker} [{score(t).ToString("F3", CultureInfo.InvariantCulture)}]", x(t), y(t)))
                .ToList(),
        };

    private static LinePlot Eao(EvaluationReport report)
    {
        int high = report.Options.EaoHigh;
        double step = high <= 100 ? 10 : high <= 500 ? 50 : 100;
        double max = Math.Ceiling(high / step) * step;
        return Plot("Expected overlap curve (VOT)", "Sequence length after initialisation (frames)", "Expected average overlap", (0, max, step),
            LegendCorner.TopRight, report.Trackers, t => double.IsNaN(t.Vot!.Eao) ? 0 : t.Vot.Eao,
            t => Enumerable.Range(0, t.Vot!.ExpectedOverlapCurve.Count).Select(i => (double)i).ToList(), t => t.Vot!.ExpectedOverlapCurve,
            [report.Options.EaoLow, report.Options.EaoHigh]);
    }
}
