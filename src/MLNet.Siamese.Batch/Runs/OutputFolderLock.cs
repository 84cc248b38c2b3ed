using System.Globalization;

namespace MLNet.Siamese.Batch;

/// <summary>
/// Exclusive use of a batch output folder for one run: <c>.siamese-batch.lock</c> held open with
/// <see cref="FileShare.None"/> (an OS lock, released by the kernel even when the process is killed), and the owner's
/// process id in <c>.siamese-batch.pid</c> for the message a second run prints. Both files are removed on release.
/// </summary>
internal sealed class OutputFolderLock : IDisposable
{
    public const string LockName = ".siamese-batch.lock", PidName = ".siamese-batch.pid";

    private readonly FileStream _lock;
    private readonly string _lockPath, _pidPath;

    private OutputFolderLock(FileStream stream, string lockPath, string pidPath)
    {
        _lock = stream;
        _lockPath = lockPath;
        _pidPath = pidPath;
    }

    /// <summary>Takes the folder, or fails at once if another run holds it.</summary>
    /// <exception cref="OutputFolderInUseException">Another run holds the folder.</exception>
    /// <exception cref="OutputException">The lock file cannot be created.</exception>
    public static OutputFolderLock Acquire(string folder)
    {
        string lockPath = Path.Combine(folder, LockName), pidPath = Path.Combine(folder, PidName);
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (File.Exists(lockPath))
        {
            throw new OutputFolderInUseException(folder, ReadPid(pidPath), ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(lockPath, "cannot create the lock file of the output folder: " + ex.Message, ex);
        }
        try
        {
            File.WriteAllText(pidPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only the other run's message loses the process id.
        }
        return new OutputFolderLock(stream, lockPath, pidPath);
    }

    private static int? ReadPid(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Removes the files while still holding the lock (a run starting meanwhile fails rather than sharing it), then releases it.</summary>
    public void Dispose()
    {
        foreach (var path in new[] { _pidPath, _lockPath })
        {
            try { File.Delete(path); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* the next run reuses it */ }
        }
        _lock.Dispose();
    }
}
