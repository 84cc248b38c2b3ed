using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Batch;

/// <summary>
/// What a resumed run compares to decide that a job's earlier output still stands: hashes of the model pack's files
/// (manifest, hence every pack setting, and every ONNX graph), the input's size and modification time (per file for a
/// frame folder), and hashes of the outputs themselves.
/// </summary>
internal static class ContentFingerprint
{
    /// <summary>SHA-256 over the pack's manifest and graph files, in manifest order.</summary>
    /// <exception cref="OutputException">A pack file cannot be read.</exception>
    public static string OfPack(ModelPack pack)
    {
        var files = new[] { pack.ManifestPath }
            .Concat(pack.TemplateGraphs.Concat(pack.SearchGraphs).Select(g => g.File))
            .Distinct(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            hash.AppendData(Convert.FromHexString(OfFile(file)));
        }
        return Hex(hash.GetHashAndReset());
    }

    /// <summary>
    /// Size and modification time of a video file, or of every file of a frame folder (names included);
    /// <c>missing</c> when there is nothing at <paramref name="path"/> (the job then fails when it runs).
    /// </summary>
    public static string OfInput(string path)
    {
        try
        {
            if (File.Exists(path)) return Stat(new FileInfo(path));
            if (!Directory.Exists(path)) return "missing";
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var file in new DirectoryInfo(path).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
                hash.AppendData(Encoding.UTF8.GetBytes(file.Name + ":" + Stat(file) + "\n"));
            return "dir:" + Hex(hash.GetHashAndReset());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }

    /// <summary>SHA-256 of a file's content, as lower-case hex.</summary>
    /// <exception cref="OutputException">The file cannot be read.</exception>
    public static string OfFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return Hex(SHA256.HashData(stream));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(path, "cannot read: " + ex.Message, ex);
        }
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static string Stat(FileInfo f) =>
        string.Create(CultureInfo.InvariantCulture, $"{f.Length}@{f.LastWriteTimeUtc.Ticks}");
}
