namespace MLNet.Siamese.Evaluation;

/// <summary>VOT reset-based measures of a tracker over a dataset.</summary>
/// <param name="Accuracy">Overlap averaged over all counted frames of all sequences (pooled, as pysot does).</param>
/// <param name="Failures">Failures over all sequences (pysot's "lost number").</param>
/// <param name="Frames">Frames over all sequences.</param>
/// <param name="ExpectedOverlapCurve">Φ(N) for N = 0 … high (see <see cref="VotMetrics.ExpectedOverlapCurve"/>).</param>
/// <param name="Eao">Expected average overlap: mean of the curve over the configured range.</param>
/// <param name="EaoLow">First curve index averaged.</param>
/// <param name="EaoHigh">Last curve index averaged.</param>
public sealed record VotScores(double Accuracy, int Failures, int Frames, IReadOnlyList<double> ExpectedOverlapCurve, double Eao, int EaoLow, int EaoHigh)
{
    /// <summary>Failures per frame over all sequences.</summary>
    public double Robustness => Frames == 0 ? 0 : Failures / (double)Frames;
}
