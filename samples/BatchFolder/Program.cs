// The library's batch API over a folder of videos: one init box per video from a CSV, every video tracked by one
// BatchTracker (videos decoded in parallel, model calls shared), one track table per video.
// Usage: dotnet run --project samples/BatchFolder -- <pack> <video folder> <boxes.csv> <out folder> [max frames]
// boxes.csv: header "video,x,y,w,h", one row per video file name in the folder (others are skipped with a note).
using System.Globalization;
using MLNet.Siamese;
using MLNet.Siamese.Batch;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Output;

if (args.Length is < 4 or > 5)
{
    Console.Error.WriteLine("usage: BatchFolder <pack> <video folder> <boxes.csv> <out folder> [max frames]");
    return 2;
}
string pack = args[0], folder = args[1], boxesCsv = args[2], outDir = args[3];
long? maxFrames = args.Length == 5 ? long.Parse(args[4], CultureInfo.InvariantCulture) : null;

try
{
    var boxes = ReadBoxes(boxesCsv);
    var jobs = new List<BatchJob>();
    foreach (var video in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
    {
        if (!boxes.TryGetValue(Path.GetFileName(video), out var box))
        {
            Console.Error.WriteLine($"note: {video}: no box in {boxesCsv}, skipped");
            continue;
        }
        jobs.Add(new BatchJob(Path.GetFileNameWithoutExtension(video), video, [new BatchTarget("0", 0, box)]));
    }
    if (jobs.Count == 0)
    {
        Console.Error.WriteLine($"error: no video in {folder} has a box in {boxesCsv}");
        return 1;
    }

    Directory.CreateDirectory(outDir);
    using var tracker = BatchTracker.Create(pack, options: new BatchOptions { MaxFrames = maxFrames });
    var writers = new Dictionary<string, TrackWriter>();
    int failed = 0;
    await foreach (var e in tracker.RunAsync(jobs))
    {
        switch (e)
        {
            case JobStarted s:
                writers[s.Job.Id] = TrackWriter.Create(Path.Combine(outDir, s.Job.Id + ".csv"));
                break;
            case FrameTracked f:
                foreach (var r in f.Records) writers[f.Job.Id].Write(r);
                break;
            case JobFinished done:
                using (var w = writers[done.Job.Id])
                {
                    // A table is committed (renamed into place) only for a completed job.
                    if (done.Outcome.Status == JobStatus.Completed) w.Commit();
                    else failed++;
                }
                writers.Remove(done.Job.Id);
                Console.WriteLine($"{done.Job.Id}\t{done.Outcome.Status}\t{done.Outcome.Frames} frames\t{done.Outcome.Error}");
                break;
        }
    }
    return failed == 0 ? 0 : 1;
}
catch (Exception ex) when (ex is SiameseException or IOException or FormatException)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 1;
}

static Dictionary<string, BoundingBox> ReadBoxes(string path)
{
    var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0 && !l.StartsWith('#')).ToList();
    if (lines.Count == 0 || lines[0].Replace(" ", "") != "video,x,y,w,h")
        throw new FormatException($"{path}: line 1: expected the header video,x,y,w,h");
    var boxes = new Dictionary<string, BoundingBox>(StringComparer.Ordinal);
    for (int i = 1; i < lines.Count; i++)
    {
        var cells = lines[i].Split(',', 2);
        if (cells.Length != 2) throw new FormatException($"{path}: line {i + 1}: expected video,x,y,w,h");
        boxes[cells[0].Trim()] = BoundingBox.Parse(cells[1]);
    }
    return boxes;
}
