using System.Text;

namespace MLNet.Siamese.Batch;

/// <summary>Files written under a temporary name and renamed into place, so readers never see half a file.</summary>
internal static class AtomicFile
{
    /// <summary>Suffix of files being written.</summary>
    public const string PartialSuffix = ".partial";

    /// <exception cref="OutputException">The file cannot be written or renamed.</exception>
    public static void WriteAllText(string path, string text) => Write(path, stream =>
    {
        var bytes = new UTF8Encoding(false).GetBytes(text);
        stream.Write(bytes);
    });

    /// <summary>Lets <paramref name="write"/> fill a temporary file, then renames it to <paramref name="path"/>.</summary>
    /// <exception cref="OutputException">The file cannot be written or renamed.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        string temp = path + PartialSuffix;
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (IOException) { /* best effort */ }
            throw new OutputException(path, "cannot write: " + ex.Message, ex);
        }
    }
}
