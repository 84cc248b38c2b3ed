namespace MLNet.Siamese.Models;

/// <summary>Anchor boxes of the SiamRPN family (pysot's ANCHOR section): aspect ratios, scales, and the score-map base size.</summary>
/// <param name="Ratios">Height/width ratios (pysot: 0.33, 0.5, 1, 2, 3).</param>
/// <param name="Scales">Scales in strides (pysot: 8).</param>
/// <param name="BaseSize">BASE_SIZE term of the score-map size (8; 0 for AlexNet with instance 287).</param>
public sealed record AnchorSettings(IReadOnlyList<double> Ratios, IReadOnlyList<double> Scales, int BaseSize)
{
    /// <summary>pysot's defaults.</summary>
    public static AnchorSettings Default { get; } = new([0.33, 0.5, 1, 2, 3], [8], 8);

    /// <summary>Anchors per score-map location.</summary>
    public int Count => Ratios.Count * Scales.Count;
}
