using MLNet.Siamese.Video;

namespace MLNet.Siamese.Evaluation.Datasets;

/// <summary>Lists the frame images of a sequence folder in natural order and reads the frame numbers in their names.</summary>
public static class FrameFiles
{
    /// <summary>Full paths of the JPEG/PNG files of <paramref name="folder"/> in natural order (hidden files skipped); empty when the folder is missing.</summary>
    public static string[] List(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var files = Directory.EnumerateFiles(folder)
            .Where(f => ImageFolderSource.IsImageFile(f) && !Path.GetFileName(f).StartsWith('.'))
            .Select(Path.GetFullPath)
            .ToArray();
        Array.Sort(files, (a, b) => NaturalFileNameComparer.Instance.Compare(Path.GetFileName(a), Path.GetFileName(b)));
        return files;
    }

    /// <summary>The number at the end of the file name without extension (<c>0300.jpg</c> → 300); null when there is none.</summary>
    public static int? Number(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        int end = stem.Length, start = end;
        while (start > 0 && char.IsAsciiDigit(stem[start - 1])) start--;
        return start < end && end - start <= 9 ? int.Parse(stem.AsSpan(start, end - start), provider: System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
