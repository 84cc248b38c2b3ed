using System.Globalization;
using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Evaluation;

/// <summary>
/// Reads per-frame box files (OTB/UAV ground truth and tracker results): one <c>x,y,w,h</c> row per frame, values
/// separated by commas, tabs or spaces; <c>NaN</c> rows (target absent in UAV123) are kept as invalid boxes.
/// </summary>
public static class BoxFile
{
    /// <summary>Reads every row of <paramref name="path"/>; blank trailing lines are ignored.</summary>
    /// <exception cref="SiameseException">Missing file, or a row that is not four numbers (the message names file and line).</exception>
    public static IReadOnlyList<BoundingBox> Read(string path)
    {
        if (!File.Exists(path)) throw new SiameseException($"{path}: box file not found");
        var boxes = new List<BoundingBox>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var parts = line.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 4) throw new SiameseException($"{path}: line {lineNumber}: expected 4 values x,y,w,h, found {parts.Length}");
            var v = new double[4];
            for (int i = 0; i < 4; i++)
                if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]))
                    throw new SiameseException($"{path}: line {lineNumber}: '{parts[i]}' is not a number");
            boxes.Add(new BoundingBox(v[0], v[1], v[2], v[3]));
        }
        return boxes;
    }
}
