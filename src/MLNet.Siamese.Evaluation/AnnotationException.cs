namespace MLNet.Siamese.Evaluation;

/// <summary>
/// An annotation, label or result file of an evaluation (ground truth, <c>cover.label</c>, a tracker's result file) is
/// missing or malformed. The message names the file and, when the problem is on one line, its 1-based line number.
/// </summary>
public sealed class AnnotationException : SiameseException
{
    /// <summary>Creates the exception naming <paramref name="path"/> and, when known, <paramref name="line"/>.</summary>
    public AnnotationException(string path, int? line, string message, Exception? inner = null)
        : base(line is null ? $"{path}: {message}" : $"{path}: line {line}: {message}", inner)
    {
        Path = path;
        Line = line;
    }

    /// <summary>The file involved.</summary>
    public string Path { get; }

    /// <summary>The 1-based line involved; null when the problem is not on one line.</summary>
    public int? Line { get; }
}
