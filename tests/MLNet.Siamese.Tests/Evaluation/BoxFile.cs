using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Tests;

/// <summary>
/// Reads per-frame box files (OTB/UAV ground truth and tracker results): one <c>x,y,w,h</c> row per frame, values
/// separated by commas, tabs or spaces; <c>NaN</c> rows (target absent in UAV123) are kept as invalid boxes and
/// 8-value polygon rows become their axis-aligned box. See <see cref="RegionFile"/> for the rules.
/// </summary>
internal static class BoxFile
{
    /// <summary>Reads every row of <paramref name="path"/>; blank trailing lines are ignored.</summary>
    /// <exception cref="AnnotationException">Missing file, or a row that is not 4 or 8 numbers (the message names file and line).</exception>
    public static IReadOnlyList<BoundingBox> Read(string path) => RegionFile.ReadBoxes(path);
}
