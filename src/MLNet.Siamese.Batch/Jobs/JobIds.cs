namespace MLNet.Siamese.Batch;

/// <summary>Job identifiers: they name per-video files, so they are restricted to portable file-name characters.</summary>
internal static class JobIds
{
    private static readonly HashSet<string> FrameFolderNames = new(StringComparer.OrdinalIgnoreCase) { "img", "imgs", "image", "images", "frames" };

    /// <summary>True for 1-100 characters of letters, digits, '.', '-', '_', not starting with '.'.</summary>
    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 100 && id[0] != '.' && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    /// <summary>
    /// A readable id for a video path: the file name without extension, or for a frame folder named like
    /// <c>img</c> the name of the folder above it (<c>Bolt/img</c> → <c>Bolt</c>); other characters become '_'.
    /// </summary>
    public static string FromPath(string video)
    {
        string trimmed = video.TrimEnd('/', '\\');
        string name = Path.GetFileName(trimmed);
        if (FrameFolderNames.Contains(name) && Path.GetFileName(Path.GetDirectoryName(trimmed)) is { Length: > 0 } parent) name = parent;
        else if (Path.HasExtension(name)) name = Path.GetFileNameWithoutExtension(name);
        var id = new System.Text.StringBuilder();
        foreach (char c in name)
        {
            bool keep = char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_';
            if (keep) id.Append(c);
            else if (id.Length == 0 || id[^1] != '_') id.Append('_');
        }
        return Finish(id.ToString().TrimStart('.'));
    }

    private static string Finish(string id)
    {
        if (id.Length > 90) id = id[..90];
        return id.Length == 0 ? "video" : id;
    }

    /// <summary>Makes <paramref name="id"/> unique among <paramref name="taken"/> by appending -2, -3, … and records it.</summary>
    public static string Unique(string id, HashSet<string> taken)
    {
        string candidate = id;
        for (int n = 2; !taken.Add(candidate); n++) candidate = $"{id}-{n}";
        return candidate;
    }
}
