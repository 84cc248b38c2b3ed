namespace MLNet.Siamese.Batch;

/// <summary>Another batch run holds the output folder (see <see cref="BatchRunner"/>); nothing in it was touched.</summary>
public sealed class OutputFolderInUseException : SiameseException
{
    /// <summary>Creates the exception naming the folder and, when known, the process holding it.</summary>
    public OutputFolderInUseException(string folder, int? ownerProcessId, Exception? inner = null)
        : base($"{folder} is in use by another siamese batch run" + (ownerProcessId is { } pid ? $" (pid {pid})" : ""), inner)
    {
        Folder = folder;
        OwnerProcessId = ownerProcessId;
    }

    /// <summary>The output folder.</summary>
    public string Folder { get; }

    /// <summary>The process id of the run holding it, when it could be read.</summary>
    public int? OwnerProcessId { get; }
}
