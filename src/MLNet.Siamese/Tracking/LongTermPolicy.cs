namespace MLNet.Siamese.Tracking;

/// <summary>
/// The lost/found switch of pysot's <c>SiamRPNLTTracker</c>. While lost, the next search uses the large instance size
/// (831 → a 97×97 map for stride 8, base 8) and an almost flat window (weight 0.001 instead of WINDOW_INFLUENCE).
/// After each frame: a best score below <see cref="ConfidenceLow"/> means lost — the state is not updated this frame —
/// and a score above <see cref="ConfidenceHigh"/> means found again; in between the mode is kept. Unlike the short-term
/// tracker, the long-term one stores the state <em>before</em> clipping it to the frame (only the reported box is
/// clipped). The defaults are pysot's <c>siamrpn_r50_l234_dwxcorr_lt</c> (its global default CONFIDENCE_LOW is 0.85).
/// </summary>
/// <param name="confidenceLow">CONFIDENCE_LOW, in 0..<paramref name="confidenceHigh"/>.</param>
/// <param name="confidenceHigh">CONFIDENCE_HIGH, at most 1.</param>
/// <param name="lostInstanceSize">LOST_INSTANCE_SIZE, positive.</param>
/// <param name="lostWindowInfluence">The window weight while lost, in 0..1.</param>
/// <exception cref="ArgumentOutOfRangeException">Thresholds not ordered within 0..1, non-positive size, or a window weight outside 0..1.</exception>
public sealed class LongTermPolicy(double confidenceLow = 0.8, double confidenceHigh = 0.998, int lostInstanceSize = 831, double lostWindowInfluence = 0.001)
{
    /// <summary>Below this best score the target is lost and the state is kept (CONFIDENCE_LOW).</summary>
    public double ConfidenceLow { get; } = confidenceLow >= 0 && confidenceLow <= confidenceHigh && confidenceHigh <= 1 ? confidenceLow
        : throw new ArgumentOutOfRangeException(nameof(confidenceLow), $"need 0 <= low ({confidenceLow}) <= high ({confidenceHigh}) <= 1");

    /// <summary>Above this best score a lost target is found again (CONFIDENCE_HIGH).</summary>
    public double ConfidenceHigh { get; } = confidenceHigh;

    /// <summary>Search crop size fed to the model while lost (LOST_INSTANCE_SIZE).</summary>
    public int LostInstanceSize { get; } = lostInstanceSize > 0 ? lostInstanceSize
        : throw new ArgumentOutOfRangeException(nameof(lostInstanceSize), lostInstanceSize, "must be positive");

    /// <summary>Window weight while lost (pysot hard-codes 0.001).</summary>
    public double LostWindowInfluence { get; } = lostWindowInfluence is >= 0 and <= 1 ? lostWindowInfluence
        : throw new ArgumentOutOfRangeException(nameof(lostWindowInfluence), lostWindowInfluence, "must be within 0..1");

    /// <summary>True when the last observed frame left the tracker in the lost mode.</summary>
    public bool IsLost { get; private set; }

    /// <summary>The instance size for the next search: <see cref="LostInstanceSize"/> while lost, else <paramref name="normal"/>.</summary>
    public int InstanceSize(int normal) => IsLost ? LostInstanceSize : normal;

    /// <summary>The window weight for the next decode: <see cref="LostWindowInfluence"/> while lost, else <paramref name="normal"/>.</summary>
    public double WindowInfluence(double normal) => IsLost ? LostWindowInfluence : normal;

    /// <summary>
    /// Whether this frame's decision may move the state (<c>best_score &gt;= CONFIDENCE_LOW</c>, compared in float64 like
    /// numpy does with a float32 score and a Python float).
    /// </summary>
    public bool AcceptsUpdate(float bestScore) => bestScore >= ConfidenceLow;

    /// <summary>Records this frame's best score and switches the mode for the next frame.</summary>
    public void Observe(float bestScore)
    {
        if (bestScore < ConfidenceLow) IsLost = true;
        else if (bestScore > ConfidenceHigh) IsLost = false;
    }

    /// <summary>Back to the tracking mode (on a new initialisation).</summary>
    public void Reset() => IsLost = false;
}
