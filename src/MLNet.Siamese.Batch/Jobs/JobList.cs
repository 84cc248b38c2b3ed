namespace MLNet.Siamese.Batch;

/// <summary>
/// Reads job lists: CSV (one row per target) or JSON (jobs with their targets), chosen by extension. Relative video
/// paths are resolved against the job list's folder. Jobs without an id get one from their video's name (made unique
/// with -2, -3, …). Whether a video exists is not checked here: a missing video fails its own job at run time.
/// </summary>
public static class JobList
{
    /// <summary>Loads <paramref name="path"/> (<c>.csv</c> or <c>.json</c>).</summary>
    /// <exception cref="JobListException">The file is missing, unreadable, or invalid; the message names file and line or field.</exception>
    public static IReadOnlyList<BatchJob> Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new JobListException(full, null, null, ex is FileNotFoundException or DirectoryNotFoundException ? "job list not found" : "cannot read job list: " + ex.Message, ex);
        }
        string baseDirectory = Path.GetDirectoryName(full)!;
        return Path.GetExtension(full).ToLowerInvariant() switch
        {
            ".csv" => JobListCsv.Parse(text, full, baseDirectory),
            ".json" => JobListJson.Parse(text, full, baseDirectory),
            var ext => throw new JobListException(full, null, null, $"unknown job list format '{ext}': use .csv or .json"),
        };
    }

    /// <summary>Resolves a video path from a job list against the list's folder.</summary>
    internal static string ResolveVideo(string video, string baseDirectory) => Path.GetFullPath(Path.Combine(baseDirectory, video));

    /// <summary>Fills in missing job ids (unique, after the explicit ones) and builds the jobs in file order.</summary>
    internal static IReadOnlyList<BatchJob> Build(IReadOnlyList<(string? Id, string Video, List<BatchTarget> Targets)> jobs)
    {
        var taken = new HashSet<string>(jobs.Where(j => j.Id is not null).Select(j => j.Id!), StringComparer.Ordinal);
        return jobs.Select(j => new BatchJob(j.Id ?? JobIds.Unique(JobIds.FromPath(j.Video), taken), j.Video, j.Targets)).ToList();
    }
}
