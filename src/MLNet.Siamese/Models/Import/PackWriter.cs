using MLNet.Siamese.Inference;

namespace MLNet.Siamese.Models.Import;

/// <summary>
/// Writes a pack transactionally: files are copied into a temporary sibling of the target folder, the result is loaded
/// and geometry-checked like any pack, and only then renamed onto the target (an existing pack is moved aside first
/// and deleted once the new one is in place, so no stale file of it survives). Any failure removes the temporary
/// folder, leaves the target as it was, and names the file involved.
/// </summary>
internal static class PackWriter
{
    /// <exception cref="ModelPackException">A file cannot be copied or written (full disk, permissions), the pack does not
    /// validate, or the target cannot be replaced.</exception>
    public static ModelPack Write(string target, string source, IReadOnlyList<string> files, string manifestJson)
    {
        string parent = Path.GetDirectoryName(target) ?? throw new ModelPackException(target, null, "a pack cannot be the root folder");
        string leaf = Path.GetFileName(target);
        Io(parent, "cannot create the folder", () => Directory.CreateDirectory(parent));
        string staging = Path.Combine(parent, $".{leaf}.partial-{Guid.NewGuid():N}");
        try
        {
            Io(target, "cannot create the pack folder", () => Directory.CreateDirectory(staging));
            foreach (var file in files)
            {
                string from = Path.Combine(source, file), to = Path.Combine(staging, file);
                Io(Path.Combine(target, file), $"cannot write (copying {from})", () => File.Copy(from, to));
                long expected = LengthOf(from), written = LengthOf(to);
                if (written != expected)
                    throw new ModelPackException(Path.Combine(target, file), null, $"copy is truncated ({written} of {expected} bytes)");
            }
            Io(Path.Combine(target, ModelPack.ManifestFileName), "cannot write", () =>
            {
                using var stream = new FileStream(Path.Combine(staging, ModelPack.ManifestFileName), FileMode.CreateNew, FileAccess.Write);
                using var writer = new StreamWriter(stream);
                writer.Write(manifestJson);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            });
            Validate(staging, source, target);
            Replace(staging, target, parent, leaf);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
        return ModelPack.Load(target);
    }

    /// <summary>Loads the staged pack and opens it (metadata check and geometry dry run); errors name the source file.</summary>
    private static void Validate(string staging, string source, string target)
    {
        try
        {
            using var model = SiameseModel.Load(ModelPack.Load(staging), new InferenceOptions { IntraOpThreads = 1 });
        }
        catch (ModelPackException ex)
        {
            string relative = Path.GetRelativePath(staging, ex.Path);
            string path = relative == ModelPack.ManifestFileName || relative.StartsWith("..", StringComparison.Ordinal) ? source : Path.Combine(source, relative);
            string reason = ex.Message.StartsWith(ex.Path + ": ", StringComparison.Ordinal) ? ex.Message[(ex.Path.Length + 2)..] : ex.Message;
            throw new ModelPackException(path, null, "does not make a valid pack: " + reason.Replace(staging, target, StringComparison.Ordinal), ex);
        }
    }

    private static void Replace(string staging, string target, string parent, string leaf)
    {
        if (!Directory.Exists(target))
        {
            Io(target, "cannot move the finished pack into place", () => Directory.Move(staging, target));
            return;
        }
        string old = Path.Combine(parent, $".{leaf}.old-{Guid.NewGuid():N}");
        Io(target, "cannot move the existing pack aside", () => Directory.Move(target, old));
        try
        {
            Io(target, "cannot move the finished pack into place", () => Directory.Move(staging, target));
        }
        catch
        {
            Directory.Move(old, target);
            throw;
        }
        TryDelete(old);
    }

    private static void Io(string path, string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelPackException(path, null, $"{what}: {ex.Message}", ex);
        }
    }

    /// <summary>The length of a file's content (through symbolic links, unlike <see cref="FileInfo.Length"/>).</summary>
    private static long LengthOf(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        return stream.Length;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the folder is hidden (leading dot) and named as temporary.
        }
    }
}
