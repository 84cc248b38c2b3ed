namespace MLNet.Siamese.Imaging;

/// <summary>The colour given to crop pixels that fall outside the image, one byte per channel.</summary>
/// <param name="B">Blue.</param>
/// <param name="G">Green.</param>
/// <param name="R">Red.</param>
public readonly record struct PadColor(byte B, byte G, byte R)
{
    /// <summary>
    /// The means truncated toward zero, as pysot, siamban and NanoTrack get them by writing the float mean into a uint8
    /// array (numpy's float→uint8 cast).
    /// </summary>
    public static PadColor Truncated(ChannelMeans means) => new(Truncate(means.B), Truncate(means.G), Truncate(means.R));

    /// <summary>
    /// The means rounded half to even, as siamfc-pytorch gets them from <c>cv2.copyMakeBorder</c>
    /// (<c>saturate_cast&lt;uchar&gt;(double)</c>, i.e. cvRound).
    /// </summary>
    public static PadColor Rounded(ChannelMeans means) => new(Round(means.B), Round(means.G), Round(means.R));

    private static byte Truncate(double v) => (byte)Math.Clamp(Math.Truncate(double.IsNaN(v) ? 0 : v), 0, 255);

    private static byte Round(double v) => (byte)Math.Clamp(Math.Round(double.IsNaN(v) ? 0 : v, MidpointRounding.ToEven), 0, 255);
}
