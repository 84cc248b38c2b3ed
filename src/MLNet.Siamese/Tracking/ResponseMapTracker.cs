using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Tracking;

/// <summary>
/// siamfc-pytorch's tracking scheme for the response-map families (SiamFC, FDSiamFC, SA-Siam, SiamFC-ACM): RGB crops
/// padded with the rounded first-frame mean, a scale pyramid of search crops stacked in one model call, and
/// <see cref="ResponseMapDecoder"/> for the update. The box convention is the library's (the centre is
/// <see cref="BoundingBox.CenterX"/>); siamfc-pytorch's 1-based boxes are an evaluation option
/// (<c>InitConvention.SiamFc</c> in MLNet.Siamese.Evaluation).
/// </summary>
internal sealed class ResponseMapTracker : SearchTracker
{
    private readonly ResponseMapDecoder _decoder;
    private SiamFcState _state;
    private PadColor _pad;

    public ResponseMapTracker(SiameseModel model, bool ownsModel, double? windowInfluence) : base(model, ownsModel)
    {
        var pack = model.Pack;
        var scales = pack.Scales ?? ScalePyramid.Default;
        var p = new ResponseMapParameters
        {
            ScaleCount = scales.Count,
            ScaleStep = scales.Step,
            ScalePenalty = scales.Penalty,
            ScaleLearningRate = scales.LearningRate,
            WindowInfluence = windowInfluence ?? pack.Hyperparameters.WindowInfluence,
            ResponseUpsampling = scales.ResponseUpsampling,
            TotalStride = pack.Stride,
            ExemplarSize = pack.ExemplarSize,
            InstanceSize = pack.InstanceSize,
            Context = pack.ContextAmount,
            ClipCenter = scales.ClipCenter,
        };
        _decoder = new ResponseMapDecoder(pack.ScoreSize, p);
    }

    internal override (double X, double Y) Center => (_state.CenterX, _state.CenterY);

    internal override BoundingBox Box
    {
        get
        {
            var (x, y, w, h) = _state.ToBox();
            return new BoundingBox(x, y, w, h);
        }
    }

    /// <summary>Crops the exemplar (and, when the pack asks, the context crop and template box) and encodes the template.</summary>
    protected override void InitCore(Frame frame, BoundingBox box)
    {
        _state = SiamFcState.FromBox(box.X, box.Y, box.Width, box.Height, Pack.ContextAmount, Pack.ExemplarSize, Pack.InstanceSize);
        _pad = PadColor.Rounded(ChannelMeans.Compute(frame));
        var workspace = Workspace;
        Crop(frame, _state.ExemplarSide, Pack.ExemplarSize, workspace.Exemplar);
        if (workspace.Has(ManifestValidator.Context))
            Crop(frame, _state.SearchSide, Pack.InstanceSize, workspace.Tensor(ManifestValidator.Context));
        if (workspace.Has(ManifestValidator.TemplateBox))
            TemplateBox.Write(workspace.Tensor(ManifestValidator.TemplateBox), box.Width, box.Height, Pack.ExemplarSize / _state.ExemplarSide);
        workspace.EncodeTemplate();
    }

    /// <summary>Writes one search crop per scale, stacked, into the instance tensor of <paramref name="slot"/>.</summary>
    internal override double PrepareSearch(Frame frame, ITensorSlot slot)
    {
        CheckFrame(frame);
        CopyTemplate(slot);
        var instance = slot.Tensor(ManifestValidator.Instance);
        int per = 3 * Pack.InstanceSize * Pack.InstanceSize;
        var factors = _decoder.ScaleFactors;
        if (instance.Length < per * factors.Length)
            throw new TrackingException($"model pack {Pack.Name}: the search input holds {instance.Length / per} crop(s) but the scale pyramid needs {factors.Length}; batch streams of response-map models are not supported");
        for (int s = 0; s < factors.Length; s++)
            Crop(frame, _state.SearchSide * factors[s], Pack.InstanceSize, instance.Slice(s * per, per));
        return 0;
    }

    /// <summary>Decodes the stacked responses and updates the state.</summary>
    internal override TrackResult CompleteSearch(ITensorSlot slot, double scale)
    {
        if (!IsInitialized) throw new TrackingException("CompleteSearch needs an initialised tracker");
        var d = _decoder.Decode(slot.Tensor("response"), _state, FrameWidth, FrameHeight);
        _state = d.State;
        return new TrackResult(Box, d.Score);
    }

    private void Crop(Frame frame, double side, int outSize, Span<float> destination)
    {
        var (xmin, ymin, size) = _state.Region(side);
        Crops.Extract(frame, xmin, ymin, size, outSize, _pad, Pack.ColorOrder, destination);
    }
}
