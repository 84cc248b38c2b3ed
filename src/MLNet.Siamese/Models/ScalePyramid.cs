namespace MLNet.Siamese.Models;

/// <summary>
/// Multi-scale search of the response-map family (siamfc-pytorch defaults): <see cref="Count"/> crops scaled by
/// <c>Step^k</c>, non-centre responses multiplied by <see cref="Penalty"/>, size updated with <see cref="LearningRate"/>,
/// responses upsampled <see cref="ResponseUpsampling"/> times with bicubic interpolation.
/// </summary>
/// <param name="Count">Number of scales (odd; 3).</param>
/// <param name="Step">Ratio between neighbouring scales (1.0375).</param>
/// <param name="Penalty">Factor applied to non-centre responses (0.9745).</param>
/// <param name="LearningRate">Scale update rate (0.59).</param>
/// <param name="ResponseUpsampling">Upsampling factor of the response map (16).</param>
/// <param name="ClipCenter">Clip the centre to the frame before the size update (FDSiamFC's tracker does).</param>
public sealed record ScalePyramid(int Count, double Step, double Penalty, double LearningRate, int ResponseUpsampling, bool ClipCenter)
{
    /// <summary>siamfc-pytorch's defaults.</summary>
    public static ScalePyramid Default { get; } = new(3, 1.0375, 0.9745, 0.59, 16, false);
}
