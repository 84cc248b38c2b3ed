namespace MLNet.Siamese.Tracking;

/// <summary>
/// The box choice shared by the pysot-style decoders (anchor-free points and anchors): scale/ratio change penalty,
/// cosine-window blend, first arg-max, smoothing rate. Arithmetic follows the numpy references (pre-NEP 50
/// promotion): per-candidate values in float32, the window blend in float64, the rate promoted to float64.
/// </summary>
internal static class PysotSelection
{
    /// <summary>
    /// Score-map locations in search-crop pixels relative to the crop centre: <c>ori = -(S//2)*stride</c>, location
    /// (row i, column j) at <c>(ori + stride*j, ori + stride*i)</c>, row-major (points and anchors alike).
    /// </summary>
    public static (float[] X, float[] Y) CentredGrid(int scoreSize, int stride)
    {
        var x = new float[scoreSize * scoreSize];
        var y = new float[scoreSize * scoreSize];
        int ori = -(scoreSize / 2) * stride;
        for (int i = 0; i < scoreSize; i++)
            for (int j = 0; j < scoreSize; j++)
            {
                x[i * scoreSize + j] = ori + stride * j;
                y[i * scoreSize + j] = ori + stride * i;
            }
        return (x, y);
    }

    /// <summary>2-way softmax per candidate, keeping the foreground probability (torch's float32 softmax).</summary>
    public static void Softmax(ReadOnlySpan<float> background, ReadOnlySpan<float> foreground, Span<float> score)
    {
        for (int i = 0; i < background.Length; i++)
        {
            float m = MathF.Max(background[i], foreground[i]);
            float eb = MathF.Exp(background[i] - m), ef = MathF.Exp(foreground[i] - m);
            score[i] = ef / (eb + ef);
        }
    }

    /// <summary>
    /// Picks the best of <paramref name="score"/>.Length candidates (boxes in crop pixels). The window has one value per
    /// score-map location and repeats every <c>window.Length</c> candidates (once per anchor).
    /// </summary>
    public static PointDecision Choose(ReadOnlySpan<float> score, ReadOnlySpan<float> cx, ReadOnlySpan<float> cy,
        ReadOnlySpan<float> w, ReadOnlySpan<float> h, Span<float> penalty, ReadOnlySpan<double> window,
        double width, double height, double scaleZ, double windowInfluence, double penaltyK, double learningRate)
    {
        int n = score.Length, period = window.Length;
        // numpy divides a float32 array by a float64 scalar in float32 (value-based casting).
        float targetSize = (float)SizeOf(width * scaleZ, height * scaleZ);
        float targetRatio = (float)(width / height);
        float k = (float)penaltyK;
        float keep = (float)(1 - windowInfluence);
        int best = 0;
        double bestValue = double.NegativeInfinity;
        for (int i = 0, p = 0; i < n; i++, p = p + 1 == period ? 0 : p + 1)
        {
            float sc = Change(SizeOf(w[i], h[i]) / targetSize);
            float rc = Change(targetRatio / (w[i] / h[i]));
            float pen = MathF.Exp(-(rc * sc - 1f) * k);
            penalty[i] = pen;
            double blended = (double)(pen * score[i] * keep) + window[p] * windowInfluence;
            if (blended > bestValue) // strictly greater: the first maximum, as np.argmax
            {
                bestValue = blended;
                best = i;
            }
        }

        float scale = (float)scaleZ;
        // lr: float32 * float32, then times a Python float, which numpy 1.x promotes to float64.
        double lr = (double)(penalty[best] * score[best]) * learningRate;
        return new PointDecision(best, cx[best] / scale, cy[best] / scale, w[best] / scale, h[best] / scale, lr, score[best]);
    }

    private static float Change(float r) => MathF.Max(r, 1f / r);

    private static float SizeOf(float w, float h)
    {
        float pad = (w + h) * 0.5f;
        return MathF.Sqrt((w + pad) * (h + pad));
    }

    private static double SizeOf(double w, double h)
    {
        double pad = (w + h) * 0.5;
        return Math.Sqrt((w + pad) * (h + pad));
    }
}
