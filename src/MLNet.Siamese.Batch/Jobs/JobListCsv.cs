using System.Globalization;
using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Batch;

/// <summary>
/// CSV job lists: a header naming the columns (any order) <c>video, x, y, w, h</c> and optionally <c>job</c>,
/// <c>target</c>, <c>start_frame</c>; then one row per target. Rows with the same job id (or, without a <c>job</c>
/// column, the same video) form one job. Blank lines and lines starting with '#' are skipped; fields may be quoted.
/// </summary>
internal static class JobListCsv
{
    private static readonly string[] Required = ["video", "x", "y", "w", "h"];
    private static readonly string[] Optional = ["job", "target", "start_frame"];

    public static IReadOnlyList<BatchJob> Parse(string text, string path, string baseDirectory)
    {
        Dictionary<string, int>? columns = null;
        var jobs = new List<(string? Id, string Video, List<BatchTarget> Targets)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            var fields = Split(line, path, n + 1);
            if (columns is null)
            {
                columns = Header(fields, path, n + 1);
                continue;
            }
            if (fields.Count != columns.Count)
                throw new JobListException(path, n + 1, null, $"{fields.Count} fields but the header has {columns.Count}");
            Row(fields, columns, path, n + 1, baseDirectory, jobs, index);
        }
        if (columns is null) throw new JobListException(path, null, null, "empty job list: expected a header line such as video,target,start_frame,x,y,w,h");
        if (jobs.Count == 0) throw new JobListException(path, null, null, "the job list has a header but no jobs");
        return JobList.Build(jobs);
    }

    private static Dictionary<string, int> Header(List<string> fields, string path, int line)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < fields.Count; i++)
        {
            string name = fields[i].Trim().ToLowerInvariant();
            if (!Required.Contains(name) && !Optional.Contains(name))
                throw new JobListException(path, line, fields[i], $"unknown column; expected {string.Join(", ", Required)} and optionally {string.Join(", ", Optional)}");
            if (!columns.TryAdd(name, i)) throw new JobListException(path, line, name, "column listed twice");
        }
        foreach (var name in Required)
            if (!columns.ContainsKey(name)) throw new JobListException(path, line, name, "required column missing from the header");
        return columns;
    }

    private static void Row(List<string> fields, Dictionary<string, int> columns, string path, int line, string baseDirectory,
        List<(string? Id, string Video, List<BatchTarget> Targets)> jobs, Dictionary<string, int> index)
    {
        string Field(string name) => columns.TryGetValue(name, out int i) ? fields[i].Trim() : "";
        string videoText = Field("video");
        if (videoText.Length == 0) throw new JobListException(path, line, "video", "empty");
        string video = JobList.ResolveVideo(videoText, baseDirectory);
        string? jobId = Field("job") is { Length: > 0 } j ? j : null;
        if (jobId is not null && !JobIds.IsValid(jobId))
            throw new JobListException(path, line, "job", $"'{jobId}' must be letters, digits, '.', '-' or '_' (it names output files)");

        var box = new BoundingBox(Number("x"), Number("y"), Number("w"), Number("h"));
        if (!(box.Width > 0)) throw new JobListException(path, line, "w", $"{box.Width} must be positive");
        if (!(box.Height > 0)) throw new JobListException(path, line, "h", $"{box.Height} must be positive");
        long start = 0;
        if (Field("start_frame") is { Length: > 0 } s && (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out start)))
            throw new JobListException(path, line, "start_frame", $"'{s}' is not a non-negative integer");

        string key = jobId ?? "\0" + video;
        if (!index.TryGetValue(key, out int at))
        {
            at = jobs.Count;
            index[key] = at;
            jobs.Add((jobId, video, []));
        }
        var job = jobs[at];
        if (job.Video != video)
            throw new JobListException(path, line, "video", $"job '{jobId}' already uses video {job.Video}");
        string target = Field("target") is { Length: > 0 } t ? t : job.Targets.Count.ToString(CultureInfo.InvariantCulture);
        if (job.Targets.Any(x => x.Id == target))
            throw new JobListException(path, line, "target", $"target id '{target}' is used twice in job '{jobId ?? videoText}'");
        job.Targets.Add(new BatchTarget(target, start, box));

        double Number(string name)
        {
            string f = Field(name);
            if (!double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                throw new JobListException(path, line, name, $"'{f}' is not a finite number");
            return v;
        }
    }

    /// <summary>Splits one line on commas; double-quoted fields may hold commas and doubled quotes.</summary>
    private static List<string> Split(string line, string path, int number)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"' && current.ToString().Trim().Length == 0) { current.Clear(); quoted = true; }
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        if (quoted) throw new JobListException(path, number, null, "unterminated quoted field");
        fields.Add(current.ToString());
        return fields;
    }
}
