namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>One curve of a plot; NaN values leave a gap.</summary>
/// <param name="Label">Legend text (e.g. <c>nanotrack-v2 [0.672]</c>).</param>
/// <param name="X">Abscissae.</param>
/// <param name="Y">Ordinates (same count).</param>
public sealed record PlotSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y);
