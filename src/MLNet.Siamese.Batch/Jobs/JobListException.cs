namespace MLNet.Siamese.Batch;

/// <summary>A job list (CSV or JSON) cannot be read or is invalid; the message names the file and the line or field.</summary>
public sealed class JobListException : SiameseException
{
    /// <summary>Creates the exception naming the file and, when known, the line (1-based) and field.</summary>
    public JobListException(string path, long? line, string? field, string message, Exception? inner = null)
        : base(Compose(path, line, field, message), inner)
    {
        Path = path;
        Line = line;
        Field = field;
    }

    /// <summary>The job list file.</summary>
    public string Path { get; }

    /// <summary>1-based line of the problem, when known.</summary>
    public long? Line { get; }

    /// <summary>The column (CSV) or JSON path (e.g. <c>jobs[2].targets[0].box</c>) involved, when known.</summary>
    public string? Field { get; }

    private static string Compose(string path, long? line, string? field, string message) =>
        path + (line is { } l ? $": line {l}" : "") + (field is null ? "" : $": field '{field}'") + ": " + message;
}
