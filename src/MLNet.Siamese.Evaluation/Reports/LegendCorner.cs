namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>Where a plot's legend sits inside the plotting area.</summary>
public enum LegendCorner
{
    /// <summary>Lower left (success plots: curves fall to the right).</summary>
    BottomLeft,

    /// <summary>Lower right (precision plots: curves rise to the right).</summary>
    BottomRight,

    /// <summary>Upper right.</summary>
    TopRight,
}
