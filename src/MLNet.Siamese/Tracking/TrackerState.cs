using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Tracking;

/// <summary>What a tracker carries from frame to frame (template features live in its model workspace).</summary>
/// <param name="CenterX">Target centre x in pixel-index coordinates (<see cref="Geometry.BoundingBox.CenterX"/>).</param>
/// <param name="CenterY">Target centre y.</param>
/// <param name="Width">Target width.</param>
/// <param name="Height">Target height.</param>
/// <param name="Pad">Padding colour for crops reaching outside the frame (from the first frame).</param>
/// <param name="FrameWidth">Width of the frames of this sequence.</param>
/// <param name="FrameHeight">Height of the frames of this sequence.</param>
internal readonly record struct TrackerState(double CenterX, double CenterY, double Width, double Height, PadColor Pad,
    int FrameWidth, int FrameHeight);
