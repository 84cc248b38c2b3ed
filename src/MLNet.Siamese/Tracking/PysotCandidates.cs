namespace MLNet.Siamese.Tracking;

/// <summary>
/// The buffers and score-map geometry both pysot-style decoders (<see cref="PointDecoder"/>,
/// <see cref="AnchorDecoder"/>) decode into: a centred grid of locations, the cosine window, and per candidate
/// (<c>perLocation</c> per score-map location: 1 point, or A anchors) the float32 score, penalty and box in crop
/// pixels, all allocated once. <see cref="Choose"/> runs <see cref="PysotSelection.Choose"/> on them.
/// </summary>
internal sealed class PysotCandidates
{
    public PysotCandidates(int scoreSize, int stride, int perLocation)
    {
        (GridX, GridY) = PysotSelection.CentredGrid(scoreSize, stride);
        Window = CosineWindow.Outer(scoreSize);
        int n = perLocation * scoreSize * scoreSize;
        Score = new float[n];
        Penalty = new float[n];
        Cx = new float[n];
        Cy = new float[n];
        W = new float[n];
        H = new float[n];
    }

    /// <summary>Location x of each score-map point relative to the crop centre (S², row-major).</summary>
    public float[] GridX { get; }

    /// <summary>Location y of each score-map point relative to the crop centre.</summary>
    public float[] GridY { get; }

    /// <summary>The S² window, shared by every candidate of a location (np.tile for anchors).</summary>
    public double[] Window { get; }

    /// <summary>Foreground probability per candidate.</summary>
    public float[] Score { get; }

    /// <summary>Scale/ratio penalty per candidate (written by <see cref="Choose"/>).</summary>
    public float[] Penalty { get; }

    /// <summary>Candidate box centre x in crop pixels.</summary>
    public float[] Cx { get; }

    /// <summary>Candidate box centre y in crop pixels.</summary>
    public float[] Cy { get; }

    /// <summary>Candidate box width in crop pixels.</summary>
    public float[] W { get; }

    /// <summary>Candidate box height in crop pixels.</summary>
    public float[] H { get; }

    /// <summary>Picks the best candidate; see <see cref="PysotSelection.Choose"/>.</summary>
    public PointDecision Choose(double width, double height, double scaleZ, double windowInfluence, double penaltyK, double learningRate) =>
        PysotSelection.Choose(Score, Cx, Cy, W, H, Penalty, Window, width, height, scaleZ, windowInfluence, penaltyK, learningRate);
}
