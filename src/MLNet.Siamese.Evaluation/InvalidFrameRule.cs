namespace MLNet.Siamese.Evaluation;

/// <summary>How one-pass (OTB/UAV) scoring treats frames whose ground truth is not a valid box.</summary>
public enum InvalidFrameRule
{
    /// <summary>
    /// got10k-toolkit <c>ExperimentOTB</c>: every frame is computed as is; a <c>NaN</c> row gives NaN IoU and error,
    /// which fail every threshold, so such frames are misses for success and precision alike.
    /// </summary>
    Got10k,

    /// <summary>
    /// pysot-toolkit <c>OPEBenchmark</c>: a frame whose ground truth has <c>w</c> or <c>h</c> ≤ 0 (or NaN) gets IoU −1
    /// (a miss), and a frame whose ground-truth centre is not positive gets error −1 (a hit for precision); both stay in
    /// the denominator.
    /// </summary>
    Pysot,
}
