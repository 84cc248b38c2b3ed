namespace MLNet.Siamese.Imaging;

/// <summary>Which of OpenCV's uint8 resize paths <c>cv2.resize(INTER_LINEAR)</c> takes for a square size pair.</summary>
internal enum ResizeMode
{
    /// <summary>Same size: OpenCV copies the pixels.</summary>
    Copy,

    /// <summary>Exactly 2× down in both axes: OpenCV switches to the fast INTER_AREA path, <c>(a+b+c+d+2)&gt;&gt;2</c>.</summary>
    Area,

    /// <summary>General fixed-point bilinear (11-bit weights).</summary>
    Linear,
}
