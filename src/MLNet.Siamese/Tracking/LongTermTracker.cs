using System.Diagnostics;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Tracking;

/// <summary>
/// pysot's <c>SiamRPNLTTracker</c>: the anchor scheme of <see cref="PysotTracker"/> under a <see cref="LongTermPolicy"/>.
/// While lost, each frame is one larger search (the policy's instance size, its own anchor decoder) with an almost
/// flat window; a low score leaves the state unchanged, and the state is stored before clipping (only the reported
/// box is clipped). Its search size changes with the mode, so it runs per stream, never in a batch.
/// </summary>
internal sealed class LongTermTracker : PysotTracker
{
    private readonly LongTermPolicy _policy;
    private readonly AnchorDecoder _lostDecoder;
    private ResizedSearch? _lostSearch;

    public LongTermTracker(SiameseModel model, bool ownsModel, AnchorDecoder decoder, TrackingHyperparameters hyperparameters,
        LongTermSettings settings, AnchorSettings anchors)
        : base(model, ownsModel, decoder, hyperparameters)
    {
        _policy = new LongTermPolicy(settings.ConfidenceLow, settings.ConfidenceHigh, settings.LostInstanceSize, settings.LostWindowInfluence);
        _lostDecoder = new AnchorDecoder(AnchorDecoder.ScoreSizeFor(settings.LostInstanceSize, Pack.ExemplarSize, Pack.Stride, anchors.BaseSize),
            Pack.Stride, anchors.Ratios, anchors.Scales);
    }

    protected override void InitCore(Frame frame, Geometry.BoundingBox box)
    {
        base.InitCore(frame, box);
        _policy.Reset();
    }

    public override TrackResult Track(Frame frame) => _policy.IsLost ? TrackLost(frame) : base.Track(frame);

    internal override double PrepareSearch(Frame frame, ITensorSlot slot)
    {
        if (!ReferenceEquals(slot, Workspace))
            throw new TrackingException("the long-term mode runs per stream (its search size changes while the target is lost)");
        return base.PrepareSearch(frame, slot);
    }

    /// <summary>While lost: one larger search with an almost flat window.</summary>
    private TrackResult TrackLost(Frame frame)
    {
        long t0 = Stopwatch.GetTimestamp();
        CheckFrame(frame);
        var s = State;
        double sZ = ExemplarSide(s);
        double scaleZ = Pack.ExemplarSize / sZ;
        var search = _lostSearch ??= new ResizedSearch(Workspace, _policy.LostInstanceSize);
        int size = search.InstanceSize;
        Crop(frame, s, (int)Math.Round(sZ * ((double)size / Pack.ExemplarSize)), size, search.Instance);
        long t1 = Stopwatch.GetTimestamp();
        search.Score();
        long t2 = Stopwatch.GetTimestamp();
        var hp = Hyperparameters;
        var d = _lostDecoder.Decode(search.Output("cls"), search.Output("loc"), s.Width, s.Height, scaleZ,
            _policy.LostWindowInfluence, hp.PenaltyK, hp.LearningRate);
        var result = Apply(s, d);
        TrackerMetrics.Record(t0, t1, t2, Stopwatch.GetTimestamp());
        return result;
    }

    /// <summary>The long-term update: a low score keeps the state, the state is stored unclipped, the score switches the mode.</summary>
    protected override TrackResult Apply(TrackerState s, PointDecision d)
    {
        var (cx, cy, w, h) = _policy.AcceptsUpdate(d.Score) ? Moved(s, d) : (s.CenterX, s.CenterY, s.Width, s.Height);
        State = s with { CenterX = cx, CenterY = cy, Width = w, Height = h };
        (cx, cy, w, h) = Clipped(s, cx, cy, w, h);
        _policy.Observe(d.Score);
        return new TrackResult(FromCenter(cx, cy, w, h), d.Score, Found: !_policy.IsLost);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _lostSearch?.Dispose();
        base.Dispose(disposing);
    }
}
