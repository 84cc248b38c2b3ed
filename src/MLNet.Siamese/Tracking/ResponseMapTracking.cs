using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Tracking;

/// <summary>
/// The response-map families (SiamFC, SA-Siam, SiamFC-ACM) with siamfc-pytorch semantics: 1-based boxes, RGB crops
/// padded with the rounded first-frame mean, a scale pyramid of search crops in one batch, and
/// <see cref="ResponseMapDecoder"/> for the update. Used by <see cref="SiameseTracker"/>; one per target.
/// </summary>
internal sealed class ResponseMapTracking
{
    private readonly ModelPack _pack;
    private readonly ResponseMapDecoder _decoder;
    private readonly CropWorkspace _crop;
    private SiamFcState _state;
    private PadColor _pad;

    public ResponseMapTracking(ModelPack pack, CropWorkspace crop, double? windowInfluence)
    {
        _pack = pack;
        _crop = crop;
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
        p.Validate();
        _decoder = new ResponseMapDecoder(pack.ScoreSize, p);
    }

    /// <summary>The target box in the caller's (1-based, OTB) convention.</summary>
    public BoundingBox Box
    {
        get
        {
            var (x, y, w, h) = _state.ToBox();
            return new BoundingBox(x, y, w, h);
        }
    }

    /// <summary>Crops the exemplar (and, when the pack asks, the context crop and template box) and encodes the template.</summary>
    public void Init(Frame frame, BoundingBox box, ModelWorkspace workspace)
    {
        _state = SiamFcState.FromBox(box.X, box.Y, box.Width, box.Height, _pack.ContextAmount, _pack.ExemplarSize, _pack.InstanceSize);
        _pad = PadColor.Rounded(ChannelMeans.Compute(frame));
        Crop(frame, _state.ExemplarSide, _pack.ExemplarSize, workspace.Exemplar);
        if (workspace.Has(ManifestValidator.Context))
            Crop(frame, _state.SearchSide, _pack.InstanceSize, workspace.Tensor(ManifestValidator.Context));
        if (workspace.Has(ManifestValidator.TemplateBox))
            TemplateBox.Write(workspace.Tensor(ManifestValidator.TemplateBox), box.Width, box.Height, _pack.ExemplarSize / _state.ExemplarSide);
        workspace.EncodeTemplate();
    }

    /// <summary>Writes one search crop per scale, stacked, into the instance tensor of <paramref name="slot"/>.</summary>
    public void PrepareSearch(Frame frame, ITensorSlot slot)
    {
        var instance = slot.Tensor(ManifestValidator.Instance);
        int per = 3 * _pack.InstanceSize * _pack.InstanceSize;
        if (instance.Length < per * _decoder.ScaleFactors.Length)
            throw new TrackingException($"model pack {_pack.Name}: the search input holds {instance.Length / per} crop(s) but the scale pyramid needs {_decoder.ScaleFactors.Length}; batch streams of response-map models are not supported");
        for (int s = 0; s < _decoder.ScaleFactors.Length; s++)
            Crop(frame, _state.SearchSide * _decoder.ScaleFactors[s], _pack.InstanceSize, instance.Slice(s * per, per));
    }

    /// <summary>Decodes the stacked responses and updates the state.</summary>
    public TrackResult CompleteSearch(ITensorSlot slot, int frameWidth, int frameHeight)
    {
        var d = _decoder.Decode(slot.Tensor("response"), _state, frameWidth, frameHeight);
        _state = d.State;
        return new TrackResult(Box, d.Score);
    }

    private void Crop(Frame frame, double side, int outSize, Span<float> destination)
    {
        var (xmin, ymin, size) = _state.Region(side);
        _crop.Extract(frame, xmin, ymin, size, outSize, _pad, _pack.ColorOrder, destination);
    }
}
