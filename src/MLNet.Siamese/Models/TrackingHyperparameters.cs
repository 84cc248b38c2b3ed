namespace MLNet.Siamese.Models;

/// <summary>The post-processing constants of the pysot/NanoTrack family (manifest <c>hyperparameters</c>).</summary>
/// <param name="WindowInfluence">Weight of the cosine window in the final score (WINDOW_INFLUENCE), 0..1.</param>
/// <param name="PenaltyK">Scale/ratio change penalty strength (PENALTY_K), ≥ 0.</param>
/// <param name="LearningRate">Size smoothing rate (LR), 0..1.</param>
public sealed record TrackingHyperparameters(double WindowInfluence, double PenaltyK, double LearningRate);
