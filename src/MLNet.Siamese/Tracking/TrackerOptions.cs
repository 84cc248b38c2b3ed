using MLNet.Siamese.Models;

namespace MLNet.Siamese.Tracking;

/// <summary>Per-tracker overrides of the pack's defaults.</summary>
public sealed record TrackerOptions
{
    /// <summary>Post-processing constants; null uses the pack's <see cref="ModelPack.Hyperparameters"/>.</summary>
    public TrackingHyperparameters? Hyperparameters { get; init; }

    /// <summary>
    /// pysot's long-term mode for anchor packs that declare <c>longTerm</c>: null follows the pack, false turns it off.
    /// </summary>
    public bool? LongTerm { get; init; }
}
