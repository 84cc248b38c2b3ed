using MLNet.Siamese.Tests.Imaging;

namespace MLNet.Siamese.Tests.Evaluation;

/// <summary>Builds small benchmark folders of every layout in a temporary directory (frames are tiny PNGs).</summary>
internal sealed class SyntheticSequences : IDisposable
{
    private readonly TempDirectory _dir = new();

    public string Root => _dir.Path;

    /// <summary>Creates <paramref name="relative"/> (under the root) with <paramref name="count"/> frames named from <paramref name="first"/>.</summary>
    public string Frames(string relative, int count, int first = 1, int digits = 4, string extension = ".png")
    {
        string folder = Path.Combine(Root, relative);
        Directory.CreateDirectory(folder);
        for (int i = 0; i < count; i++) TinyPng.Write(Path.Combine(folder, (first + i).ToString().PadLeft(digits, '0') + extension), 64, 48);
        return folder;
    }

    /// <summary>Writes <paramref name="lines"/> to <paramref name="relative"/> (no newline after the last line).</summary>
    public string Text(string relative, params string[] lines)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join("\n", lines));
        return path;
    }

    public static string[] Rows(int count, string row) => Enumerable.Repeat(row, count).ToArray();

    public void Dispose() => _dir.Dispose();
}
