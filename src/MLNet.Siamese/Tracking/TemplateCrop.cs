using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Tracking;

/// <summary>
/// The exemplar crop a pysot-scheme tracker (point and anchor families) initialises on: a square of side
/// <c>round(sqrt((w + c)(h + c)))</c> with <c>c = contextAmount·(w + h)</c> centred on the box, padded with the frame's
/// mean colour, resized to the pack's exemplar size, in its colour order, planar (CHW) floats. The same pixels the
/// tracker feeds its template graph, so its output is the target's embedding.
/// </summary>
internal static class TemplateCrop
{
    /// <summary>Number of floats <see cref="Extract"/> writes for <paramref name="pack"/> (3 × exemplar × exemplar).</summary>
    public static int Length(ModelPack pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        return 3 * pack.ExemplarSize * pack.ExemplarSize;
    }

    /// <summary>Writes the exemplar crop of <paramref name="box"/> (0-based x, y, width, height) in <paramref name="frame"/>.</summary>
    /// <param name="pack">The model pack (exemplar size, context amount, colour order).</param>
    /// <param name="frame">The frame (8-bit BGR).</param>
    /// <param name="box">The target's box.</param>
    /// <param name="destination">At least <see cref="Length"/> floats.</param>
    /// <param name="crop">Reusable crop buffers; null allocates them.</param>
    /// <exception cref="TrackingException">The box is not finite, has a non-positive size, or lies outside the frame.</exception>
    /// <exception cref="ModelPackException">The pack is of the response-map family (SiamFC crops differently).</exception>
    public static void Extract(ModelPack pack, Frame frame, BoundingBox box, Span<float> destination, CropWorkspace? crop = null)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(frame);
        if (pack.Decoder is not (DecoderKind.Point or DecoderKind.Anchor))
            throw new ModelPackException(pack.ManifestPath, "family", $"template crops are defined for the point and anchor families, not {pack.Family}");
        CheckBox(frame, box);
        if (destination.Length < Length(pack)) throw new ArgumentException($"destination needs {Length(pack)} floats", nameof(destination));
        var pad = PadColor.Truncated(ChannelMeans.Compute(frame));
        int side = Side(pack, box.Width, box.Height);
        var (xmin, ymin) = SubWindow.PysotOrigin(box.CenterX, box.CenterY, side);
        (crop ?? new CropWorkspace()).Extract(frame, xmin, ymin, side, pack.ExemplarSize, pad, pack.ColorOrder, destination);
    }

    /// <summary>The template crop side for a <paramref name="width"/> × <paramref name="height"/> target.</summary>
    internal static int Side(ModelPack pack, double width, double height)
    {
        double context = pack.ContextAmount * (width + height);
        // The reference rounds the template crop side at init only (Python round: half to even).
        return (int)Math.Round(Math.Sqrt((width + context) * (height + context)));
    }

    /// <summary>The checks every initialisation makes on its box.</summary>
    /// <exception cref="TrackingException">Not finite, a non-positive size, outside the frame or far larger than it (see <see cref="BoundingBox.ProblemIn"/>).</exception>
    internal static void CheckBox(Frame frame, BoundingBox box)
    {
        if (box.ProblemIn(frame.Width, frame.Height) is { } problem)
            throw new TrackingException("init " + problem);
    }
}
