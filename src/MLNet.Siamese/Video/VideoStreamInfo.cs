namespace MLNet.Siamese.Video;

/// <summary>What ffprobe says about the first video stream, with the size as frames come out after autorotation.</summary>
/// <param name="Width">Width of decoded (rotated) frames.</param>
/// <param name="Height">Height of decoded (rotated) frames.</param>
/// <param name="Rotation">Display rotation applied by ffmpeg, degrees counter-clockwise (0, 90, 180 or 270).</param>
/// <param name="FramesPerSecond">Average frame rate (or the base rate when the average is unknown); null when neither is known.</param>
/// <param name="FrameCount">Frame count declared by the container; null when not declared.</param>
internal sealed record VideoStreamInfo(int Width, int Height, int Rotation, double? FramesPerSecond, long? FrameCount);
