using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.Batch;

/// <summary>A target of an open stream: its job entry and its tracker (which holds the state and template).</summary>
internal sealed class TargetState(BatchTarget target, SearchTracker tracker)
{
    public BatchTarget Target { get; } = target;

    public SearchTracker Tracker { get; } = tracker;

    /// <summary>Set by the crop stage once the tracker is initialised on the start frame.</summary>
    public bool Started { get; set; }
}
