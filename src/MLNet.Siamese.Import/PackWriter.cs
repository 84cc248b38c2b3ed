using MLNet.Siamese.Inference;

namespace MLNet.Siamese.Models.Import;

/// <summary>
/// Writes a pack transactionally: files are written into a temporary sibling of the target folder, the result is loaded
/// and geometry-checked like any pack, and only then renamed onto the target (an existing pack is moved aside first
/// and deleted once the new one is in place, so no stale file of it survives). Any failure removes the temporary
/// folder, leaves the target as it was, and names the file involved.
/// </summary>
internal static class PackWriter
{
    /// <summary>
    /// Writes the pack built by <paramref name="build"/>(true), whose search graphs declare a batch; when that cannot
    /// be built (null), does not load, or fails the batch check (a batched call that ONNX Runtime rejects or that
    /// differs from per-item calls, e.g. a batch folded into convolution groups), writes <paramref name="build"/>(false)
    /// instead, whose search graphs take one item per call; its errors are the ones reported. Either way the pack on
    /// disk is one that loads without edits.
    /// </summary>
    /// <exception cref="ModelPackException">A file cannot be written (full disk, permissions), the pack does not
    /// validate, or the target cannot be replaced.</exception>
    public static ModelPack Write(string target, string source, Func<bool, PackContent?> build)
    {
        if (build(true) is not { } batched || !TryWrite(target, source, batched, requireBatch: true))
            TryWrite(target, source, build(false) ?? throw new InvalidOperationException("no unbatched pack content"), requireBatch: false);
        return ModelPack.Load(target);
    }

    private static bool TryWrite(string target, string source, PackContent content, bool requireBatch)
    {
        string parent = Path.GetDirectoryName(target) ?? throw new ModelPackException(target, null, "a pack cannot be the root folder");
        string leaf = Path.GetFileName(target);
        Io(parent, "cannot create the folder", () => Directory.CreateDirectory(parent));
        string staging = Path.Combine(parent, $".{leaf}.partial-{Guid.NewGuid():N}");
        try
        {
            Io(target, "cannot create the pack folder", () => Directory.CreateDirectory(staging));
            foreach (var (file, bytes) in content.Files.Append((ModelPack.ManifestFileName, System.Text.Encoding.UTF8.GetBytes(content.Manifest))))
                Io(Path.Combine(target, file), "cannot write", () =>
                {
                    using var stream = new FileStream(Path.Combine(staging, file), FileMode.CreateNew, FileAccess.Write);
                    stream.Write(bytes);
                    stream.Flush(flushToDisk: true);
                });
            if (!Validate(staging, source, target, requireBatch))
            {
                TryDelete(staging);
                return false;
            }
            Replace(staging, target, parent, leaf);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
        return true;
    }

    /// <summary>
    /// Loads the staged pack and opens it (metadata check and geometry dry run; errors name the source file); with
    /// <paramref name="requireBatch"/>, returns whether its search graphs pass the batch probe.
    /// </summary>
    private static bool Validate(string staging, string source, string target, bool requireBatch)
    {
        if (requireBatch)
        {
            try
            {
                using var model = SiameseModel.Load(ModelPack.Load(staging), new InferenceOptions { IntraOpThreads = 1 });
                using var batched = BatchSearchModel.Open(model, BatchInferenceMode.Batched);
                return true;
            }
            catch (ModelPackException)
            {
                return false; // the unbatched variant is written next, and reports what is wrong with the pack itself
            }
        }
        try
        {
            using var model = SiameseModel.Load(ModelPack.Load(staging), new InferenceOptions { IntraOpThreads = 1 });
            return true;
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
