using System.Diagnostics;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Tracking;

/// <summary>
/// What every tracking scheme shares: the model and its workspace, the frame-size check, and a step split in two
/// halves around the model call (<see cref="PrepareSearch"/>, <see cref="CompleteSearch"/>) so batch streams can
/// stack many targets' crops into one inference. <see cref="Track"/> is the two halves around this tracker's own
/// model call, timed per stage for <see cref="TrackerMetrics"/>.
/// </summary>
internal abstract class SearchTracker : ISiameseTracker
{
    private readonly bool _ownsModel;
    private ModelWorkspace? _workspace;
    private int _frameWidth, _frameHeight;

    protected SearchTracker(SiameseModel model, bool ownsModel)
    {
        Model = model;
        _ownsModel = ownsModel;
    }

    /// <inheritdoc />
    public ModelPack Pack => Model.Pack;

    /// <inheritdoc />
    public ExecutionDevice Device => Model.Device;

    /// <summary>True once <see cref="Init"/> succeeded.</summary>
    public bool IsInitialized { get; private set; }

    /// <summary>Where the next search crop is centred, in pixel-index coordinates (<see cref="BoundingBox.CenterX"/>'s definition).</summary>
    internal abstract (double X, double Y) Center { get; }

    /// <summary>The current target box, in the public convention.</summary>
    internal abstract BoundingBox Box { get; }

    protected SiameseModel Model { get; }

    /// <summary>Width of the frames since <see cref="Init"/>.</summary>
    protected int FrameWidth => _frameWidth;

    /// <summary>Height of the frames since <see cref="Init"/>.</summary>
    protected int FrameHeight => _frameHeight;

    /// <summary>This tracker's own tensors (template features, one search); created on first use.</summary>
    protected ModelWorkspace Workspace => _workspace ??= Model.CreateWorkspace();

    protected CropWorkspace Crops { get; } = new();

    /// <inheritdoc />
    public void Init(Frame frame, BoundingBox box)
    {
        ArgumentNullException.ThrowIfNull(frame);
        TemplateCrop.CheckBox(frame, box);
        IsInitialized = false;
        InitCore(frame, box);
        (_frameWidth, _frameHeight) = (frame.Width, frame.Height);
        IsInitialized = true;
    }

    /// <inheritdoc />
    public virtual TrackResult Track(Frame frame)
    {
        long t0 = Stopwatch.GetTimestamp();
        double scale = PrepareSearch(frame, Workspace);
        long t1 = Stopwatch.GetTimestamp();
        Workspace.Score();
        long t2 = Stopwatch.GetTimestamp();
        var result = CompleteSearch(Workspace, scale);
        TrackerMetrics.Record(t0, t1, t2, Stopwatch.GetTimestamp());
        return result;
    }

    /// <summary>
    /// First half of <see cref="Track"/>: crops the search region of <paramref name="frame"/> into
    /// <paramref name="slot"/>'s instance tensor and, when the slot is not this tracker's own workspace (a batch item),
    /// copies the cached template tensors there too. Returns the crop scale <see cref="CompleteSearch"/> needs.
    /// </summary>
    /// <exception cref="TrackingException">Called before <see cref="Init"/>, the frame size changed, or the scheme cannot search in a foreign slot.</exception>
    internal abstract double PrepareSearch(Frame frame, ITensorSlot slot);

    /// <summary>
    /// Second half of <see cref="Track"/>: decodes the search graphs' outputs in <paramref name="slot"/> (filled by a
    /// model call after <see cref="PrepareSearch"/>) and updates the state.
    /// </summary>
    internal abstract TrackResult CompleteSearch(ITensorSlot slot, double scale);

    /// <summary>Crops the template and encodes it; the box has been checked against the frame.</summary>
    protected abstract void InitCore(Frame frame, BoundingBox box);

    /// <summary>Throws unless initialised on frames of <paramref name="frame"/>'s size.</summary>
    protected void CheckFrame(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!IsInitialized) throw new TrackingException("Track was called before Init");
        if (frame.Width != _frameWidth || frame.Height != _frameHeight)
            throw new TrackingException($"frame {frame.Index} is {frame.Width}x{frame.Height} but the sequence started at {_frameWidth}x{_frameHeight}");
    }

    /// <summary>A batch item gets this target's cached template tensors; the tracker's own workspace already has them.</summary>
    protected void CopyTemplate(ITensorSlot slot)
    {
        if (ReferenceEquals(slot, Workspace)) return;
        foreach (var bind in Model.CachedTemplateBinds)
            Workspace.Tensor(bind).CopyTo(slot.Tensor(bind));
    }

    /// <summary>A pixel-index centre and size back to the public box: <c>x = cx - (w-1)/2</c> (the inverse of <see cref="BoundingBox.CenterX"/>).</summary>
    protected static BoundingBox FromCenter(double centerX, double centerY, double width, double height) =>
        new(centerX - (width - 1) / 2, centerY - (height - 1) / 2, width, height);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        _workspace?.Dispose();
        if (_ownsModel) Model.Dispose();
    }
}
