using MLNet.Siamese.Models;

namespace MLNet.Siamese.Tracking;

/// <summary>The pysot-style decoders (anchor-free points, anchors): score + box maps → the best box and its smoothing rate.</summary>
internal interface IBoxDecoder
{
    /// <summary>See <see cref="PointDecoder.Decode"/>; anchors decode the same way with their own box parameterisation.</summary>
    PointDecision Decode(ReadOnlySpan<float> cls, ReadOnlySpan<float> loc, double width, double height, double scaleZ, TrackingHyperparameters hp);
}
