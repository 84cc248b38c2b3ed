using System.Globalization;
using System.Text.Json;
using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Batch;

/// <summary>
/// JSON job lists: <c>{"jobs": [{"id": "bag", "video": "bag.avi", "targets": [{"id": "t0", "startFrame": 0,
/// "box": [x, y, w, h]}]}]}</c>, or the bare array of jobs. <c>id</c> and <c>startFrame</c> are optional.
/// </summary>
internal static class JobListJson
{
    public static IReadOnlyList<BatchJob> Parse(string text, string path, string baseDirectory)
    {
        List<JobDocument?>? docs;
        try
        {
            docs = text.TrimStart().StartsWith('[')
                ? JsonSerializer.Deserialize(text, JobListJsonContext.Default.ListJobDocument)?.Cast<JobDocument?>().ToList()
                : JsonSerializer.Deserialize(text, JobListJsonContext.Default.JobListDocument)?.Jobs;
        }
        catch (JsonException ex)
        {
            string? field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? null : ex.Path.TrimStart('$', '.');
            throw new JobListException(path, ex.LineNumber + 1, field, "malformed job list: " + FirstSentence(ex.Message), ex);
        }
        if (docs is null || docs.Count == 0) throw new JobListException(path, null, "jobs", "missing or empty");

        var jobs = new List<(string? Id, string Video, List<BatchTarget> Targets)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int j = 0; j < docs.Count; j++)
        {
            string f = $"jobs[{j}]";
            var doc = docs[j] ?? throw Error(path, f, "null job");
            if (doc.Id is not null && !JobIds.IsValid(doc.Id))
                throw Error(path, f + ".id", $"'{doc.Id}' must be letters, digits, '.', '-' or '_' (it names output files)");
            if (doc.Id is not null && !ids.Add(doc.Id)) throw Error(path, f + ".id", $"job id '{doc.Id}' is used twice");
            if (string.IsNullOrWhiteSpace(doc.Video)) throw Error(path, f + ".video", "missing");
            if (doc.Targets is null || doc.Targets.Count == 0) throw Error(path, f + ".targets", "missing or empty");
            var targets = new List<BatchTarget>();
            for (int t = 0; t < doc.Targets.Count; t++)
            {
                string tf = $"{f}.targets[{t}]";
                var target = doc.Targets[t] ?? throw Error(path, tf, "null target");
                string id = target.Id ?? t.ToString(CultureInfo.InvariantCulture);
                if (id.Length == 0) throw Error(path, tf + ".id", "empty");
                if (targets.Any(x => x.Id == id)) throw Error(path, tf + ".id", $"target id '{id}' is used twice in this job");
                if (target.StartFrame is < 0) throw Error(path, tf + ".startFrame", $"{target.StartFrame} is negative");
                var b = target.Box;
                if (b is null || b.Length != 4) throw Error(path, tf + ".box", "expected [x, y, w, h]");
                var box = new BoundingBox(b[0], b[1], b[2], b[3]);
                if (!box.IsValid) throw Error(path, tf + ".box", $"{box} needs finite values and a positive width and height");
                targets.Add(new BatchTarget(id, target.StartFrame ?? 0, box));
            }
            jobs.Add((doc.Id, JobList.ResolveVideo(doc.Video, baseDirectory), targets));
        }
        return JobList.Build(jobs);
    }

    private static JobListException Error(string path, string field, string message) => new(path, null, field, message);

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
