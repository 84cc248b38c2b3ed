namespace MLNet.Siamese.Evaluation.Running;

/// <summary>What running a tracker on one sequence produced.</summary>
/// <param name="Regions">One region (or VOT code) per frame.</param>
/// <param name="Seconds">Per-frame seconds of the tracker step (init on frame 0; decoding excluded; 0 for skipped frames).</param>
public sealed record TrackerRun(IReadOnlyList<Region> Regions, IReadOnlyList<double> Seconds);
