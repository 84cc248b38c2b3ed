using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Tracking;

/// <summary>
/// pysot's tracking scheme for the anchor-free point (SiamBAN, SiamCAN, NanoTrack) and anchor (SiamRPN++) families:
/// a template crop of side <c>round(sqrt((w+c)(h+c)))</c> around the box centre padded with the truncated frame mean,
/// one search crop per frame at the exemplar→instance ratio, the family's <see cref="IBoxDecoder"/> (penalty, window,
/// best candidate), and pysot's state update (centre moved, size smoothed, both clipped to the frame).
/// <see cref="LongTermTracker"/> adds pysot's long-term lost/found policy around it.
/// </summary>
internal class PysotTracker : SearchTracker
{
    private readonly IBoxDecoder _decoder;

    public PysotTracker(SiameseModel model, bool ownsModel, IBoxDecoder decoder, TrackingHyperparameters hyperparameters)
        : base(model, ownsModel)
    {
        _decoder = decoder;
        Hyperparameters = hyperparameters;
    }

    protected TrackingHyperparameters Hyperparameters { get; }

    /// <summary>Centre (pixel-index coordinates) and size; valid once initialised.</summary>
    protected TrackerState State { get; set; }

    internal override (double X, double Y) Center => (State.CenterX, State.CenterY);

    internal override BoundingBox Box => FromCenter(State.CenterX, State.CenterY, State.Width, State.Height);

    protected override void InitCore(Frame frame, BoundingBox box)
    {
        double w = box.Width, h = box.Height;
        var pad = PadColor.Truncated(ChannelMeans.Compute(frame));
        var state = new TrackerState(box.CenterX, box.CenterY, w, h, pad, frame.Width, frame.Height);
        int sz = TemplateCrop.Side(Pack, w, h);
        Crop(frame, state, sz, Pack.ExemplarSize, Workspace.Exemplar);
        if (Workspace.Has(ManifestValidator.TemplateBox))
            TemplateBox.Write(Workspace.Tensor(ManifestValidator.TemplateBox), w, h, (double)Pack.ExemplarSize / sz);
        Workspace.EncodeTemplate();
        State = state;
    }

    internal override double PrepareSearch(Frame frame, ITensorSlot slot)
    {
        CheckFrame(frame);
        CopyTemplate(slot);
        var s = State;
        double sZ = ExemplarSide(s);
        double sX = sZ * ((double)Pack.InstanceSize / Pack.ExemplarSize);
        Crop(frame, s, (int)Math.Round(sX), Pack.InstanceSize, slot.Tensor(ManifestValidator.Instance));
        return Pack.ExemplarSize / sZ;
    }

    internal override TrackResult CompleteSearch(ITensorSlot slot, double scale)
    {
        if (!IsInitialized) throw new TrackingException("CompleteSearch needs an initialised tracker");
        var s = State;
        return Apply(s, _decoder.Decode(slot.Tensor("cls"), slot.Tensor("loc"), s.Width, s.Height, scale, Hyperparameters));
    }

    /// <summary>pysot's short-term update: centre moved, size smoothed by the decision's rate, both clipped to the frame and stored.</summary>
    protected virtual TrackResult Apply(TrackerState s, PointDecision d)
    {
        var (cx, cy, w, h) = Moved(s, d);
        (cx, cy, w, h) = Clipped(s, cx, cy, w, h);
        State = s with { CenterX = cx, CenterY = cy, Width = w, Height = h };
        return new TrackResult(FromCenter(cx, cy, w, h), d.Score);
    }

    protected static (double Cx, double Cy, double W, double H) Moved(TrackerState s, PointDecision d) =>
        (d.DeltaX + s.CenterX, d.DeltaY + s.CenterY,
         s.Width * (1 - d.LearningRate) + d.Width * d.LearningRate, s.Height * (1 - d.LearningRate) + d.Height * d.LearningRate);

    /// <summary>pysot's <c>_bbox_clip</c>: centre within the frame, size within 10 pixels and the frame size.</summary>
    protected static (double Cx, double Cy, double W, double H) Clipped(TrackerState s, double cx, double cy, double w, double h) =>
        (Math.Max(0, Math.Min(cx, s.FrameWidth)), Math.Max(0, Math.Min(cy, s.FrameHeight)),
         Math.Max(10, Math.Min(w, s.FrameWidth)), Math.Max(10, Math.Min(h, s.FrameHeight)));

    /// <summary>The template-scale crop side <c>sqrt((w+c)(h+c))</c>, unrounded, for the current state.</summary>
    protected double ExemplarSide(TrackerState s)
    {
        double context = Pack.ContextAmount * (s.Width + s.Height);
        return Math.Sqrt((s.Width + context) * (s.Height + context));
    }

    /// <summary>
    /// Moves the target to a given centre and size without touching the template (teacher-forced parity tests
    /// restart each frame from the reference tracker's state).
    /// </summary>
    internal void SetTarget(double centerX, double centerY, double width, double height)
    {
        if (!IsInitialized) throw new TrackingException("SetTarget needs an initialised tracker");
        State = State with { CenterX = centerX, CenterY = centerY, Width = width, Height = height };
    }

    protected void Crop(Frame frame, TrackerState s, int size, int outSize, Span<float> destination)
    {
        var (xmin, ymin) = SubWindow.PysotOrigin(s.CenterX, s.CenterY, size);
        Crops.Extract(frame, xmin, ymin, size, outSize, s.Pad, Pack.ColorOrder, destination);
    }
}
