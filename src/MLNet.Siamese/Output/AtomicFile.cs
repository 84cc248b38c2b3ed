using System.Collections.Concurrent;
using System.Text;

namespace MLNet.Siamese.Output;

/// <summary>
/// The one way this library and the <c>siamese</c> command write an output file: the content goes to a temporary
/// file in the same folder (<c>name.partial.ext</c>, the extension kept so tools that pick a format from it still
/// work), <see cref="Commit"/> renames it into place in one step, and anything else (an exception, a disposal without
/// commit, <see cref="DeleteAllPending"/> from a signal or process-exit handler) removes it. Readers therefore see
/// either the previous file or the complete new one, never a half-written or empty one.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    /// <summary>Marks temporary file names (<c>tracks.partial.csv</c>).</summary>
    public const string PartialMarker = ".partial";

    private static readonly ConcurrentDictionary<string, byte> Pending = new(StringComparer.Ordinal);

    private int _state; // 0 open, 1 committed, 2 discarded

    private AtomicFile(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        TemporaryPath = TemporaryPathOf(Path);
    }

    /// <summary>The file that appears on <see cref="Commit"/>.</summary>
    public string Path { get; }

    /// <summary>Where the content is written until then.</summary>
    public string TemporaryPath { get; }

    /// <summary>The temporary name of <paramref name="path"/>: <c>dir/name.partial.ext</c>.</summary>
    public static string TemporaryPathOf(string path) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? "",
            System.IO.Path.GetFileNameWithoutExtension(path) + PartialMarker + System.IO.Path.GetExtension(path));

    /// <summary>Reserves the temporary name of <paramref name="path"/> (creating its folder); nothing is written yet.</summary>
    /// <exception cref="OutputException">The folder cannot be created.</exception>
    public static AtomicFile Begin(string path)
    {
        var file = new AtomicFile(path);
        try
        {
            if (System.IO.Path.GetDirectoryName(file.Path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(file.Path, "cannot create the output folder: " + ex.Message, ex);
        }
        Pending[file.TemporaryPath] = 0;
        return file;
    }

    /// <summary>Opens the temporary file for writing (truncated).</summary>
    /// <exception cref="OutputException">It cannot be created.</exception>
    public FileStream OpenWrite()
    {
        try
        {
            return new FileStream(TemporaryPath, FileMode.Create, FileAccess.Write, FileShare.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Dispose();
            throw new OutputException(Path, "cannot create output file: " + ex.Message, ex);
        }
    }

    /// <summary>Renames the (closed) temporary file to <see cref="Path"/>, replacing any file of that name.</summary>
    /// <exception cref="OutputException">It cannot be renamed (the temporary file is then removed).</exception>
    public void Commit()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
            throw new OutputException(Path, "the output was discarded before it was complete");
        try
        {
            File.Move(TemporaryPath, Path, overwrite: true);
            Pending.TryRemove(TemporaryPath, out _);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Volatile.Write(ref _state, 2);
            DeleteQuietly(TemporaryPath);
            throw new OutputException(Path, "cannot move the output file into place: " + ex.Message, ex);
        }
    }

    /// <summary>Removes the temporary file unless it was committed. Never throws.</summary>
    public void Dispose()
    {
        if (Interlocked.CompareExchange(ref _state, 2, 0) == 0) DeleteQuietly(TemporaryPath);
    }

    /// <summary>
    /// Removes every temporary file this process has not committed or removed yet (for signal and process-exit
    /// handlers: a writer still open keeps writing into an unlinked file, and its commit then fails).
    /// </summary>
    public static void DeleteAllPending()
    {
        foreach (var temp in Pending.Keys) DeleteQuietly(temp);
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="path"/> atomically.</summary>
    /// <exception cref="OutputException">The file cannot be written or renamed.</exception>
    public static void WriteAllText(string path, string text) => Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)));

    /// <summary>Lets <paramref name="write"/> fill the temporary file, flushes it to disk, then renames it to <paramref name="path"/>.</summary>
    /// <exception cref="OutputException">The file cannot be written or renamed.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        using var file = Begin(path);
        try
        {
            using (var stream = file.OpenWrite())
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(file.Path, "cannot write: " + ex.Message, ex);
        }
        file.Commit();
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a batch run removes leftovers when it next starts in that folder.
        }
        Pending.TryRemove(path, out _);
    }
}
