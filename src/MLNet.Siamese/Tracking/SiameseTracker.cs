using MLNet.Siamese.Inference;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Tracking;

/// <summary>
/// Creates the <see cref="ISiameseTracker"/> for a model pack: the pysot scheme (anchor-free points, anchors) with
/// pysot's long-term mode around it where the pack declares one, or the SiamFC scheme (scale pyramid, response map).
/// Template features are computed once per <see cref="ISiameseTracker.Init"/>; each frame costs the search crop(s),
/// one model call and one decode, with no allocation.
/// </summary>
public static class SiameseTracker
{
    /// <summary>Creates a tracker over a loaded model (which may be shared by many trackers; the tracker does not dispose it).</summary>
    /// <exception cref="ModelPackException">The pack's family has no decoder in this version.</exception>
    public static ISiameseTracker Create(SiameseModel model, TrackerOptions? options = null) => CreateSearch(model, options, ownsModel: false);

    /// <summary>Loads the pack at <paramref name="packPath"/> and creates a tracker that owns (and disposes) the model.</summary>
    public static ISiameseTracker Create(string packPath, InferenceOptions? inference = null, TrackerOptions? options = null)
    {
        var model = SiameseModel.Load(packPath, inference);
        try
        {
            return CreateSearch(model, options, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The factory behind <see cref="Create(SiameseModel, TrackerOptions?)"/>, typed for batch streams and benchmarks.</summary>
    internal static SearchTracker CreateSearch(SiameseModel model, TrackerOptions? options, bool ownsModel)
    {
        ArgumentNullException.ThrowIfNull(model);
        var pack = model.Pack;
        var hp = options?.Hyperparameters ?? pack.Hyperparameters;
        switch (pack.Decoder)
        {
            case DecoderKind.Point:
                return new PysotTracker(model, ownsModel, new PointDecoder(pack.ScoreSize, pack.Stride), hp);
            case DecoderKind.Anchor:
                var anchors = pack.Anchors ?? AnchorSettings.Default;
                var decoder = new AnchorDecoder(pack.ScoreSize, pack.Stride, anchors.Ratios, anchors.Scales);
                if (pack.LongTerm is { } lt && options?.LongTerm != false)
                    return new LongTermTracker(model, ownsModel, decoder, hp, lt, anchors);
                return new PysotTracker(model, ownsModel, decoder, hp);
            case DecoderKind.ResponseMap:
                return new ResponseMapTracker(model, ownsModel, options?.Hyperparameters?.WindowInfluence);
            default:
                throw new ModelPackException(pack.ManifestPath, "family", $"no tracker for the {pack.Decoder} decoder in this version");
        }
    }
}
