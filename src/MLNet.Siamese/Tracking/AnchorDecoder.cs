using MLNet.Siamese.Models;

namespace MLNet.Siamese.Tracking;

/// <summary>
/// Anchor decoding of the SiamRPN++ family (pysot <c>SiamRPNTracker</c>): A anchors per score-map point, a softmax
/// foreground score and (dx, dy, dw, dh) regression per anchor; the scale/ratio penalty and the cosine window choose
/// the best anchor. Anchors are anchor-major (<c>a*S² + i*S + j</c>), as are the decision's indices. Arithmetic follows
/// pysot under numpy 1.x: anchors, deltas, scores and penalty in float32, the window blend in float64 (as
/// <see cref="PointDecoder"/>). All buffers are allocated in the constructor.
/// </summary>
internal sealed class AnchorDecoder : IBoxDecoder
{
    private readonly int _size, _stride, _anchorCount;
    private readonly float[] _anchorW, _anchorH; // per anchor shape (A)
    private readonly PysotCandidates _c;         // A×S² candidates, anchor-major

    /// <summary>pysot's default anchor ratios <c>[0.33, 0.5, 1, 2, 3]</c>.</summary>
    public static IReadOnlyList<double> DefaultRatios { get; } = [0.33, 0.5, 1, 2, 3];

    /// <summary>pysot's default anchor scales <c>[8]</c>.</summary>
    public static IReadOnlyList<double> DefaultScales { get; } = [8];

    /// <summary>
    /// Creates a decoder for an S×S map (25 for r50/mobilev2 at instance 255, 21 for alex at 287, 97 for the long-term
    /// lost search at 831) with pysot's anchors for <paramref name="stride"/>, <paramref name="ratios"/> and
    /// <paramref name="scales"/> (defaults when null).
    /// </summary>
    public AnchorDecoder(int scoreSize, int stride = 8, IReadOnlyList<double>? ratios = null, IReadOnlyList<double>? scales = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scoreSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        _size = scoreSize;
        _stride = stride;
        (_anchorW, _anchorH) = AnchorShapes(stride, ratios ?? DefaultRatios, scales ?? DefaultScales);
        _anchorCount = _anchorW.Length;
        _c = new PysotCandidates(scoreSize, stride, _anchorCount);
    }

    /// <summary>Side of the score map.</summary>
    public int ScoreSize => _size;

    /// <summary>Stride in search-crop pixels.</summary>
    public int Stride => _stride;

    /// <summary>Anchors per point (A).</summary>
    public int AnchorCount => _anchorCount;

    /// <summary>
    /// pysot's <c>score_size = (instance - exemplar) // stride + 1 + base_size</c>: 25 for 255 with base 8 (r50,
    /// mobilev2), 21 for alex's 287 with base 0, 97 for the long-term search at 831 with base 8.
    /// </summary>
    public static int ScoreSizeFor(int instanceSize, int exemplarSize = 127, int stride = 8, int baseSize = 8)
        => (instanceSize - exemplarSize) / stride + 1 + baseSize;

    /// <summary>
    /// pysot's <c>Anchors.generate_anchors</c> shapes: per ratio r (outer) and scale s (inner),
    /// <c>ws = int(sqrt(stride²/r))</c>, <c>hs = int(ws*r)</c>, size <c>(ws*s, hs*s)</c>, stored as float32.
    /// </summary>
    public static (float[] Widths, float[] Heights) AnchorShapes(int stride, IReadOnlyList<double> ratios, IReadOnlyList<double> scales)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        ArgumentNullException.ThrowIfNull(scales);
        if (ratios.Count == 0 || scales.Count == 0) throw new ArgumentException("at least one ratio and one scale are needed");
        var w = new float[ratios.Count * scales.Count];
        var h = new float[w.Length];
        int size = stride * stride, k = 0;
        foreach (double r in ratios)
        {
            if (!(r > 0)) throw new ArgumentOutOfRangeException(nameof(ratios), r, "ratios must be positive");
            int ws = (int)Math.Sqrt(size * 1.0 / r);
            int hs = (int)(ws * r);
            foreach (double s in scales)
            {
                // [-w*0.5, -h*0.5, w*0.5, h*0.5] in float32, then x2-x1: exact for these magnitudes.
                float half = (float)(ws * s * 0.5), halfH = (float)(hs * s * 0.5);
                w[k] = half - -half;
                h[k] = halfH - -halfH;
                k++;
            }
        }
        return (w, h);
    }

    /// <summary>Decodes with the hyperparameters of <paramref name="hp"/>.</summary>
    public PointDecision Decode(ReadOnlySpan<float> cls, ReadOnlySpan<float> loc, double width, double height, double scaleZ,
        TrackingHyperparameters hp)
    {
        ArgumentNullException.ThrowIfNull(hp);
        return Decode(cls, loc, width, height, scaleZ, hp.WindowInfluence, hp.PenaltyK, hp.LearningRate);
    }

    /// <summary>
    /// Picks the best anchor. <paramref name="cls"/> is 1×2A×S×S (channel <c>class*A + a</c>, softmax over the two
    /// classes, class 1 = target); <paramref name="loc"/> is 1×4A×S×S (channel <c>coord*A + a</c>, coord = dx, dy, dw,
    /// dh). <paramref name="width"/>, <paramref name="height"/> are the current target size in frame pixels,
    /// <paramref name="scaleZ"/> = exemplar / s_z. The returned offset and size are in frame pixels (divided by
    /// scale_z); the index is <c>a*S² + i*S + j</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong tensor sizes.</exception>
    public PointDecision Decode(ReadOnlySpan<float> cls, ReadOnlySpan<float> loc, double width, double height, double scaleZ,
        double windowInfluence, double penaltyK, double learningRate)
    {
        int points = _size * _size, n = _anchorCount * points;
        if (cls.Length != 2 * n) throw new ArgumentException($"cls has {cls.Length} values, expected {2 * n}", nameof(cls));
        if (loc.Length != 4 * n) throw new ArgumentException($"loc has {loc.Length} values, expected {4 * n}", nameof(loc));

        // Channels class*A + a laid out as planes of S²: background planes first, then foreground planes.
        PysotSelection.Softmax(cls[..n], cls[n..(2 * n)], _c.Score);
        float[] gridX = _c.GridX, gridY = _c.GridY, cx = _c.Cx, cy = _c.Cy, w = _c.W, h = _c.H;
        for (int a = 0, i = 0; a < _anchorCount; a++)
        {
            float aw = _anchorW[a], ah = _anchorH[a];
            for (int p = 0; p < points; p++, i++)
            {
                // delta * anchor_w + anchor_x: float32 multiply, then add (numpy never fuses).
                cx[i] = loc[i] * aw + gridX[p];
                cy[i] = loc[n + i] * ah + gridY[p];
                w[i] = MathF.Exp(loc[2 * n + i]) * aw;
                h[i] = MathF.Exp(loc[3 * n + i]) * ah;
            }
        }

        return _c.Choose(width, height, scaleZ, windowInfluence, penaltyK, learningRate);
    }
}
