using System.Diagnostics;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Tracking;

/// <summary>
/// Single-target Siamese tracker with OpenCV's tracker shape: <see cref="Init"/> on the first frame with the target
/// box, then <see cref="Track"/> on each following frame. Template features are computed once; each frame costs the
/// search crop(s), one model call and one decode, with no allocation. Not thread-safe: one tracker per target.
/// One state machine for every family: anchor-free points and anchors share the pysot state and update, the
/// response-map families delegate to <see cref="ResponseMapTracking"/>.
/// </summary>
public sealed class SiameseTracker : IDisposable
{
    private readonly SiameseModel _model;
    private readonly bool _ownsModel;
    private readonly ModelWorkspace _workspace;
    private readonly IBoxDecoder? _decoder;
    private readonly ResponseMapTracking? _responseMap;
    private readonly LongTermPolicy? _longTerm;
    private readonly ResizedSearch? _lostSearch;
    private readonly AnchorDecoder? _lostDecoder;
    private readonly TrackingHyperparameters _hp;
    private readonly StageTimings? _timings;
    private readonly ModelPack _pack;
    private readonly CropWorkspace _crop = new();
    private TrackerState? _state;

    /// <summary>Creates a tracker over a loaded model (which may be shared by many trackers).</summary>
    /// <exception cref="ModelPackException">The pack's family has no decoder in this version.</exception>
    public SiameseTracker(SiameseModel model, TrackerOptions? options = null) : this(model, options, ownsModel: false) { }

    private SiameseTracker(SiameseModel model, TrackerOptions? options, bool ownsModel)
    {
        ArgumentNullException.ThrowIfNull(model);
        _pack = model.Pack;
        _model = model;
        _ownsModel = ownsModel;
        _hp = options?.Hyperparameters ?? _pack.Hyperparameters;
        _timings = options?.Timings;
        // Family-specific facts live in the decoders: the tracker only picks one.
        switch (_pack.Decoder)
        {
            case DecoderKind.Point:
                _decoder = new PointDecoder(_pack.ScoreSize, _pack.Stride);
                break;
            case DecoderKind.Anchor:
                var anchors = _pack.Anchors ?? AnchorSettings.Default;
                _decoder = new AnchorDecoder(_pack.ScoreSize, _pack.Stride, anchors.Ratios, anchors.Scales);
                if (_pack.LongTerm is { } lt && options?.LongTerm != false)
                {
                    _longTerm = new LongTermPolicy(lt.ConfidenceLow, lt.ConfidenceHigh, lt.LostInstanceSize, lt.LostWindowInfluence);
                    _lostDecoder = new AnchorDecoder(AnchorDecoder.ScoreSizeFor(lt.LostInstanceSize, _pack.ExemplarSize, _pack.Stride, anchors.BaseSize),
                        _pack.Stride, anchors.Ratios, anchors.Scales);
                }
                break;
            default:
                _responseMap = new ResponseMapTracking(_pack, _crop, options?.Hyperparameters?.WindowInfluence);
                break;
        }
        _workspace = model.CreateWorkspace();
        if (_longTerm is not null) _lostSearch = new ResizedSearch(_workspace, _longTerm.LostInstanceSize);
    }

    /// <summary>Loads the pack at <paramref name="packPath"/> and creates a tracker that owns the model.</summary>
    public static SiameseTracker Create(string packPath, InferenceOptions? inference = null, TrackerOptions? options = null)
    {
        var model = SiameseModel.Load(packPath, inference);
        try
        {
            return new SiameseTracker(model, options, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The model pack in use.</summary>
    public ModelPack Pack => _pack;

    /// <summary>The device inference runs on.</summary>
    public ExecutionDevice Device => _model.Device;

    /// <summary>The current state; null before <see cref="Init"/>.</summary>
    public TrackerState? State => _state;

    /// <summary>Starts tracking the object inside <paramref name="box"/> on <paramref name="frame"/>.</summary>
    /// <exception cref="TrackingException">The box is not finite, has a non-positive size, lies entirely outside the
    /// frame or is absurdly large (<see cref="BoundingBox.ProblemIn"/>).</exception>
    public void Init(Frame frame, BoundingBox box)
    {
        ArgumentNullException.ThrowIfNull(frame);
        TemplateCrop.CheckBox(frame, box);

        if (_responseMap is not null)
        {
            _responseMap.Init(frame, box, _workspace);
            var b = _responseMap.Box;
            _state = new TrackerState(b.CenterX, b.CenterY, b.Width, b.Height, default, frame.Width, frame.Height);
            return;
        }

        double w = box.Width, h = box.Height;
        var pad = PadColor.Truncated(ChannelMeans.Compute(frame));
        var state = new TrackerState(box.CenterX, box.CenterY, w, h, pad, frame.Width, frame.Height);
        int sz = TemplateCrop.Side(_pack, w, h);
        Crop(frame, state, sz, _pack.ExemplarSize, _workspace.Exemplar);
        if (_workspace.Has(ManifestValidator.TemplateBox))
            TemplateBox.Write(_workspace.Tensor(ManifestValidator.TemplateBox), w, h, (double)_pack.ExemplarSize / sz);
        _workspace.EncodeTemplate();
        _longTerm?.Reset();
        _state = state;
    }

    /// <summary>Locates the target on the next frame and updates the state.</summary>
    /// <exception cref="TrackingException">Called before <see cref="Init"/>, or the frame size changed.</exception>
    public TrackResult Track(Frame frame)
    {
        if (_longTerm is { IsLost: true }) return TrackLost(frame);
        long t0 = Stopwatch.GetTimestamp();
        double scaleZ = PrepareSearch(frame, _workspace);
        long t1 = Stopwatch.GetTimestamp();
        _workspace.Score();
        long t2 = Stopwatch.GetTimestamp();
        var result = CompleteSearch(_workspace, scaleZ);
        long t3 = Stopwatch.GetTimestamp();
        _timings?.Add(t1 - t0, t2 - t1, t3 - t2);
        return result;
    }

    /// <summary>
    /// First half of <see cref="Track"/>: crops the search region of <paramref name="frame"/> into
    /// <paramref name="slot"/>'s instance tensor and, when the slot is not this tracker's own workspace (a batch item),
    /// copies the cached template tensors there too. Returns the crop scale <see cref="CompleteSearch"/> needs.
    /// </summary>
    /// <exception cref="TrackingException">Called before <see cref="Init"/>, or the frame size changed.</exception>
    internal double PrepareSearch(Frame frame, ITensorSlot slot)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var s = CheckFrame(frame);
        if (_longTerm is not null && !ReferenceEquals(slot, _workspace))
            throw new TrackingException("the long-term mode runs per stream (its search size changes while the target is lost)");
        CopyTemplate(slot);
        if (_responseMap is not null)
        {
            _responseMap.PrepareSearch(frame, slot);
            return 0;
        }

        double context = _pack.ContextAmount * (s.Width + s.Height);
        double sZ = Math.Sqrt((s.Width + context) * (s.Height + context));
        double scaleZ = _pack.ExemplarSize / sZ;
        double sX = sZ * ((double)_pack.InstanceSize / _pack.ExemplarSize);
        Crop(frame, s, (int)Math.Round(sX), _pack.InstanceSize, slot.Tensor(ManifestValidator.Instance));
        return scaleZ;
    }

    /// <summary>A batch item gets this target's cached template tensors; the tracker's own workspace already has them.</summary>
    private void CopyTemplate(ITensorSlot slot)
    {
        if (ReferenceEquals(slot, _workspace)) return;
        foreach (var bind in _model.CachedTemplateBinds)
            _workspace.Tensor(bind).CopyTo(slot.Tensor(bind));
    }

    /// <summary>
    /// Second half of <see cref="Track"/>: decodes the search graphs' outputs in <paramref name="slot"/> (filled by a
    /// model call after <see cref="PrepareSearch"/>) and updates the state.
    /// </summary>
    internal TrackResult CompleteSearch(ITensorSlot slot, double scaleZ)
    {
        var s = _state ?? throw new TrackingException("CompleteSearch needs an initialised tracker");
        if (_responseMap is not null)
        {
            var r = _responseMap.CompleteSearch(slot, s.FrameWidth, s.FrameHeight);
            _state = s with { CenterX = r.Box.CenterX, CenterY = r.Box.CenterY, Width = r.Box.Width, Height = r.Box.Height };
            return r;
        }
        var d = _decoder!.Decode(slot.Tensor("cls"), slot.Tensor("loc"), s.Width, s.Height, scaleZ, _hp);
        return Update(s, d);
    }

    /// <summary>While lost (long-term mode): one larger search with an almost flat window.</summary>
    private TrackResult TrackLost(Frame frame)
    {
        long t0 = Stopwatch.GetTimestamp();
        var s = CheckFrame(frame);
        double context = _pack.ContextAmount * (s.Width + s.Height);
        double sZ = Math.Sqrt((s.Width + context) * (s.Height + context));
        double scaleZ = _pack.ExemplarSize / sZ;
        int size = _lostSearch!.InstanceSize;
        Crop(frame, s, (int)Math.Round(sZ * ((double)size / _pack.ExemplarSize)), size, _lostSearch.Instance);
        long t1 = Stopwatch.GetTimestamp();
        _lostSearch.Score();
        long t2 = Stopwatch.GetTimestamp();
        var hp = _hp with { WindowInfluence = _longTerm!.LostWindowInfluence };
        var result = Update(s, _lostDecoder!.Decode(_lostSearch.Output("cls"), _lostSearch.Output("loc"), s.Width, s.Height, scaleZ, hp));
        _timings?.Add(t1 - t0, t2 - t1, Stopwatch.GetTimestamp() - t2);
        return result;
    }

    private TrackerState CheckFrame(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var s = _state ?? throw new TrackingException("Track was called before Init");
        if (frame.Width != s.FrameWidth || frame.Height != s.FrameHeight)
            throw new TrackingException($"frame {frame.Index} is {frame.Width}x{frame.Height} but the sequence started at {s.FrameWidth}x{s.FrameHeight}");
        return s;
    }

    /// <summary>
    /// pysot's state update. The long-term tracker differs: a low score leaves the state unchanged, the state is stored
    /// before clipping (only the reported box is clipped), and the score switches the lost/found mode.
    /// </summary>
    private TrackResult Update(TrackerState s, PointDecision d)
    {
        bool move = _longTerm?.AcceptsUpdate(d.Score) ?? true;
        double cx = move ? d.DeltaX + s.CenterX : s.CenterX, cy = move ? d.DeltaY + s.CenterY : s.CenterY;
        double w = move ? s.Width * (1 - d.LearningRate) + d.Width * d.LearningRate : s.Width;
        double h = move ? s.Height * (1 - d.LearningRate) + d.Height * d.LearningRate : s.Height;
        if (_longTerm is not null) _state = s with { CenterX = cx, CenterY = cy, Width = w, Height = h };
        cx = Math.Max(0, Math.Min(cx, s.FrameWidth));
        cy = Math.Max(0, Math.Min(cy, s.FrameHeight));
        w = Math.Max(10, Math.Min(w, s.FrameWidth));
        h = Math.Max(10, Math.Min(h, s.FrameHeight));
        if (_longTerm is null) _state = s with { CenterX = cx, CenterY = cy, Width = w, Height = h };
        else _longTerm.Observe(d.Score);
        return new TrackResult(new BoundingBox(cx - w / 2, cy - h / 2, w, h), d.Score);
    }

    /// <summary>
    /// Moves the target to a given centre and size without touching the template (teacher-forced parity tests
    /// restart each frame from the reference tracker's state).
    /// </summary>
    internal void SetTarget(double centerX, double centerY, double width, double height)
    {
        var s = _state ?? throw new TrackingException("SetTarget needs an initialised tracker");
        if (_responseMap is not null) throw new TrackingException("SetTarget is implemented for the pysot-style families only");
        _state = s with { CenterX = centerX, CenterY = centerY, Width = width, Height = height };
    }

    /// <summary>
    /// Runs only the search graphs <paramref name="iterations"/> times on the current tensors: the model-only
    /// baseline benchmarks compare the full <see cref="Track"/> step against.
    /// </summary>
    internal TimeSpan MeasureSearchInference(int iterations)
    {
        if (_state is null) throw new TrackingException("MeasureSearchInference needs an initialised tracker");
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < iterations; i++) _workspace.Score();
        return Stopwatch.GetElapsedTime(start);
    }

    private void Crop(Frame frame, TrackerState s, int size, int outSize, Span<float> destination)
    {
        var (xmin, ymin) = SubWindow.PysotOrigin(s.CenterX, s.CenterY, size);
        _crop.Extract(frame, xmin, ymin, size, outSize, s.Pad, _pack.ColorOrder, destination);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _lostSearch?.Dispose();
        _workspace.Dispose();
        if (_ownsModel) _model.Dispose();
    }
}
