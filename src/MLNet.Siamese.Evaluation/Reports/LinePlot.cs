using ScottPlot;

namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>
/// A line chart drawn with ScottPlot (SkiaSharp) as SVG or PNG: title, axes with fixed tick steps, grid, one coloured
/// curve per series, dashed vertical markers and a legend. Enough for success/precision/EAO plots.
/// </summary>
public sealed class LinePlot
{
    private const int Width = 640, Height = 480;

    // Tableau 10: distinguishable, colour-blind friendlier than a rainbow; past ten series the palette repeats dashed.
    private static readonly string[] Palette =
        ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac"];

    /// <summary>Title above the chart.</summary>
    public required string Title { get; init; }

    /// <summary>Label of the x axis.</summary>
    public required string XLabel { get; init; }

    /// <summary>Label of the y axis.</summary>
    public required string YLabel { get; init; }

    /// <summary>x range and tick step.</summary>
    public required (double Min, double Max, double Step) XAxis { get; init; }

    /// <summary>y range and tick step (default 0..1 by 0.1).</summary>
    public (double Min, double Max, double Step) YAxis { get; init; } = (0, 1, 0.1);

    /// <summary>Legend position.</summary>
    public LegendCorner Legend { get; init; } = LegendCorner.BottomLeft;

    /// <summary>Vertical marker lines (e.g. an EAO range), drawn dashed.</summary>
    public IReadOnlyList<double> Markers { get; init; } = [];

    /// <summary>The curves, drawn and listed in this order; NaN values leave a gap.</summary>
    public required IReadOnlyList<PlotSeries> Series { get; init; }

    /// <summary>The chart as an SVG document.</summary>
    public string RenderSvg()
    {
        using var plot = Build();
        return plot.GetSvgXml(Width, Height);
    }

    /// <summary>The chart as a PNG image.</summary>
    public byte[] RenderPng()
    {
        using var plot = Build();
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private Plot Build()
    {
        var plot = new Plot();
        plot.Font.Set(Fonts.Sans);
        plot.Title(Title);
        plot.XLabel(XLabel);
        plot.YLabel(YLabel);
        for (int i = 0; i < Series.Count; i++) Curve(plot, Series[i], i);
        foreach (var m in Markers.Where(m => m >= XAxis.Min && m <= XAxis.Max))
        {
            var line = plot.Add.VerticalLine(m);
            line.Color = Color.FromHex("#888888");
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1;
        }
        plot.Axes.SetLimits(XAxis.Min, XAxis.Max, YAxis.Min, YAxis.Max);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(XAxis.Step);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(YAxis.Step);
        if (Series.Count > 0)
            plot.ShowLegend(Legend switch
            {
                LegendCorner.BottomRight => Alignment.LowerRight,
                LegendCorner.TopRight => Alignment.UpperRight,
                _ => Alignment.LowerLeft,
            });
        return plot;
    }

    /// <summary>One scatter line per run of finite points (NaN splits the curve); the first carries the legend text.</summary>
    private void Curve(Plot plot, PlotSeries series, int index)
    {
        var color = Color.FromHex(Palette[index % Palette.Length]);
        bool labelled = false;
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i <= series.X.Count; i++)
        {
            bool ok = i < series.X.Count && double.IsFinite(series.X[i]) && double.IsFinite(series.Y[i]);
            if (ok)
            {
                xs.Add(series.X[i]);
                ys.Add(Math.Clamp(series.Y[i], YAxis.Min, YAxis.Max));
                continue;
            }
            if (xs.Count == 0) continue;
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), color);
            line.LineWidth = 2.5f;
            line.LinePattern = index >= Palette.Length ? LinePattern.Dashed : LinePattern.Solid;
            if (!labelled) line.LegendText = series.Label;
            labelled = true;
            xs.Clear();
            ys.Clear();
        }
        if (!labelled)
        {
            // A series without a finite point still gets its legend entry.
            var empty = plot.Add.ScatterLine(new double[] { double.NaN }, new double[] { double.NaN }, color);
            empty.LegendText = series.Label;
        }
    }
}
