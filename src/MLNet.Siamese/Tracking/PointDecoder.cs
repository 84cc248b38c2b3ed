using MLNet.Siamese.Models;

namespace MLNet.Siamese.Tracking;

/// <summary>
/// Anchor-free decoding of the SiamBAN family (SiamBAN, SiamCAN, SiamBAN-ACM, NanoTrack): per score-map point a
/// foreground score and distances (l, t, r, b) to the box sides; scale/ratio penalty and cosine window choose the
/// best point. Arithmetic follows the reference (numpy, pre-NEP 50 promotion): per-point values in float32, the
/// window blend in float64, so argmax ties break the same way.
/// </summary>
internal sealed class PointDecoder : IBoxDecoder
{
    private readonly int _size;
    private readonly int _stride;
    private readonly PysotCandidates _c;

    /// <summary>Creates a decoder for an S×S map with the given stride in search-crop pixels.</summary>
    public PointDecoder(int scoreSize, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scoreSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        _size = scoreSize;
        _stride = stride;
        _c = new PysotCandidates(scoreSize, stride, perLocation: 1);
    }

    /// <summary>Side of the score map.</summary>
    public int ScoreSize => _size;

    /// <summary>Stride in search-crop pixels.</summary>
    public int Stride => _stride;

    /// <summary>
    /// Picks the best box. <paramref name="cls"/> is 1×C×S×S with C = 2 (softmax, channel 1 = target) or 1
    /// (sigmoid); <paramref name="loc"/> is 1×4×S×S (l, t, r, b in crop pixels). <paramref name="width"/>,
    /// <paramref name="height"/> are the current target size in frame pixels, <paramref name="scaleZ"/> the crop scale.
    /// </summary>
    public PointDecision Decode(ReadOnlySpan<float> cls, ReadOnlySpan<float> loc, double width, double height, double scaleZ,
        TrackingHyperparameters hp)
    {
        int n = _size * _size;
        if (loc.Length < 4 * n) throw new ArgumentException($"loc has {loc.Length} values, expected {4 * n}", nameof(loc));
        if (cls.Length == 2 * n) Softmax(cls[..n], cls[n..(2 * n)]);
        else if (cls.Length == n) Sigmoid(cls);
        else throw new ArgumentException($"cls has {cls.Length} values, expected {n} or {2 * n}", nameof(cls));

        float[] px = _c.GridX, py = _c.GridY, cx = _c.Cx, cy = _c.Cy, w = _c.W, h = _c.H;
        for (int i = 0; i < n; i++)
        {
            float x1 = px[i] - loc[i], y1 = py[i] - loc[n + i];
            float x2 = px[i] + loc[2 * n + i], y2 = py[i] + loc[3 * n + i];
            cx[i] = (x1 + x2) * 0.5f;
            cy[i] = (y1 + y2) * 0.5f;
            w[i] = x2 - x1;
            h[i] = y2 - y1;
        }

        return _c.Choose(width, height, scaleZ, hp.WindowInfluence, hp.PenaltyK, hp.LearningRate);
    }

    private void Softmax(ReadOnlySpan<float> background, ReadOnlySpan<float> foreground) =>
        PysotSelection.Softmax(background, foreground, _c.Score);

    private void Sigmoid(ReadOnlySpan<float> logits)
    {
        var score = _c.Score;
        for (int i = 0; i < logits.Length; i++)
            score[i] = 1f / (1f + MathF.Exp(-logits[i]));
    }
}
