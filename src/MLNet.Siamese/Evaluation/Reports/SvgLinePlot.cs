using System.Globalization;
using System.Security;
using System.Text;

namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>
/// A self-contained SVG line chart (no scripts, no external fonts): title, axes with ticks and labels, grid, one
/// coloured curve per series and a legend. Enough for success/precision plots; viewable in any browser.
/// </summary>
public sealed class SvgLinePlot
{
    private const double Width = 640, Height = 480, Left = 70, Right = 20, Top = 48, Bottom = 62;

    // Tableau 10: distinguishable, colour-blind friendlier than the default rainbow.
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

    /// <summary>The curves, drawn and listed in this order.</summary>
    public required IReadOnlyList<PlotSeries> Series { get; init; }

    /// <summary>The SVG document.</summary>
    public string Render()
    {
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\">\n"));
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Width / 2}\" y=\"28\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"bold\">{Escape(Title)}</text>\n"));
        Grid(svg);
        for (int i = 0; i < Series.Count; i++) Curve(svg, Series[i], Style(i));
        LegendBox(svg);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private double PlotWidth => Width - Left - Right;

    private double PlotHeight => Height - Top - Bottom;

    private double Px(double x) => Left + (x - XAxis.Min) / (XAxis.Max - XAxis.Min) * PlotWidth;

    private double Py(double y) => Top + (1 - (y - YAxis.Min) / (YAxis.Max - YAxis.Min)) * PlotHeight;

    private void Grid(StringBuilder svg)
    {
        svg.Append("<g font-size=\"12\" fill=\"#333333\">\n");
        foreach (var x in Ticks(XAxis))
        {
            svg.Append(Invariant($"<line x1=\"{Px(x):0.##}\" y1=\"{Top}\" x2=\"{Px(x):0.##}\" y2=\"{Top + PlotHeight}\" stroke=\"#e3e3e3\"/>\n"));
            svg.Append(Invariant($"<line x1=\"{Px(x):0.##}\" y1=\"{Top + PlotHeight}\" x2=\"{Px(x):0.##}\" y2=\"{Top + PlotHeight + 5}\" stroke=\"#333333\"/>\n"));
            svg.Append(Invariant($"<text x=\"{Px(x):0.##}\" y=\"{Top + PlotHeight + 19}\" text-anchor=\"middle\">{Label(x)}</text>\n"));
        }
        foreach (var y in Ticks(YAxis))
        {
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Py(y):0.##}\" x2=\"{Left + PlotWidth}\" y2=\"{Py(y):0.##}\" stroke=\"#e3e3e3\"/>\n"));
            svg.Append(Invariant($"<line x1=\"{Left - 5}\" y1=\"{Py(y):0.##}\" x2=\"{Left}\" y2=\"{Py(y):0.##}\" stroke=\"#333333\"/>\n"));
            svg.Append(Invariant($"<text x=\"{Left - 8}\" y=\"{Py(y) + 4:0.##}\" text-anchor=\"end\">{Label(y)}</text>\n"));
        }
        foreach (var m in Markers.Where(m => m >= XAxis.Min && m <= XAxis.Max))
            svg.Append(Invariant($"<line x1=\"{Px(m):0.##}\" y1=\"{Top}\" x2=\"{Px(m):0.##}\" y2=\"{Top + PlotHeight}\" stroke=\"#888888\" stroke-dasharray=\"4 4\"/>\n"));
        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\" fill=\"none\" stroke=\"#333333\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left + PlotWidth / 2}\" y=\"{Height - 18}\" text-anchor=\"middle\" font-size=\"14\">{Escape(XLabel)}</text>\n"));
        svg.Append(Invariant($"<text transform=\"translate(20 {Top + PlotHeight / 2}) rotate(-90)\" text-anchor=\"middle\" font-size=\"14\">{Escape(YLabel)}</text>\n"));
        svg.Append("</g>\n");
    }

    private void Curve(StringBuilder svg, PlotSeries series, (string Color, string Dash) style)
    {
        // NaN values split the curve into separate polylines.
        var run = new List<string>();
        for (int i = 0; i <= series.X.Count; i++)
        {
            bool ok = i < series.X.Count && double.IsFinite(series.X[i]) && double.IsFinite(series.Y[i]);
            if (ok) run.Add(Invariant($"{Px(series.X[i]):0.##},{Py(Math.Clamp(series.Y[i], YAxis.Min, YAxis.Max)):0.##}"));
            if (ok || run.Count == 0) continue;
            svg.Append($"<polyline fill=\"none\" stroke=\"{style.Color}\" stroke-width=\"2.5\"{style.Dash} stroke-linejoin=\"round\" points=\"{string.Join(' ', run)}\"/>\n");
            run.Clear();
        }
    }

    private void LegendBox(StringBuilder svg)
    {
        if (Series.Count == 0) return;
        const double row = 20, pad = 8, sample = 28;
        double width = pad * 3 + sample + Series.Max(s => s.Label.Length) * 7.4, height = pad * 2 + row * Series.Count - 4;
        double x = Legend == LegendCorner.BottomLeft ? Left + 10 : Left + PlotWidth - width - 10;
        double y = Legend == LegendCorner.TopRight ? Top + 10 : Top + PlotHeight - height - 10;
        svg.Append(Invariant($"<g font-size=\"13\">\n<rect x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{width:0.##}\" height=\"{height:0.##}\" fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"#999999\"/>\n"));
        for (int i = 0; i < Series.Count; i++)
        {
            var (color, dash) = Style(i);
            double cy = y + pad + row * i + 8;
            svg.Append(Invariant($"<line x1=\"{x + pad:0.##}\" y1=\"{cy:0.##}\" x2=\"{x + pad + sample:0.##}\" y2=\"{cy:0.##}\" stroke=\"{color}\" stroke-width=\"3\"{dash}/>\n"));
            svg.Append(Invariant($"<text x=\"{x + pad * 2 + sample:0.##}\" y=\"{cy + 4.5:0.##}\">{Escape(Series[i].Label)}</text>\n"));
        }
        svg.Append("</g>\n");
    }

    // Colours first; past ten series the palette repeats dashed.
    private static (string Color, string Dash) Style(int i) => (Palette[i % Palette.Length], i >= Palette.Length ? " stroke-dasharray=\"7 4\"" : "");

    private static IEnumerable<double> Ticks((double Min, double Max, double Step) axis)
    {
        int count = (int)Math.Round((axis.Max - axis.Min) / axis.Step);
        return Enumerable.Range(0, count + 1).Select(i => axis.Min + i * axis.Step);
    }

    private static string Label(double v) => Math.Round(v, 6).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
