namespace MLNet.Siamese.Imaging;

/// <summary>Channel order of a model's input tensor (frames are always stored BGR, like OpenCV).</summary>
public enum ColorOrder
{
    /// <summary>Blue, green, red: pysot, siamban and NanoTrack models (OpenCV images).</summary>
    Bgr,

    /// <summary>Red, green, blue: siamfc-pytorch models.</summary>
    Rgb,
}
