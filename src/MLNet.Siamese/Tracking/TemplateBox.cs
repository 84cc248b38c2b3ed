namespace MLNet.Siamese.Tracking;

/// <summary>
/// The template box the ACM variants take as an extra template input: <c>[63.5, 63.5, w·r, h·r]</c> with
/// <c>r = exemplarSize / s_z</c>, i.e. the target box in exemplar-crop pixels, centred.
/// </summary>
internal static class TemplateBox
{
    public static void Write(Span<float> destination, double width, double height, double scale)
    {
        if (destination.Length < 4) throw new ArgumentException("the template box tensor must hold 4 values", nameof(destination));
        destination[0] = 63.5f;
        destination[1] = 63.5f;
        destination[2] = (float)(width * scale);
        destination[3] = (float)(height * scale);
    }
}
