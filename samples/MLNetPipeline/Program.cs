// An ML.NET pipeline over a table of videos: load a CSV (one row per target), track every row with TrackObject,
// aggregate per-video statistics, and expand to one row per frame.
// Usage: dotnet run --project samples/MLNetPipeline -p:UseRealMicrosoftML=true -- <pack> <videos.csv>
// videos.csv: header "video,x,y,w,h,target,start_frame" (paths relative to the CSV).
using System.Globalization;
using Microsoft.ML;
using MLNet.Siamese.Mapping;
using MLNet.Siamese.ML;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: MLNetPipeline <pack> <videos.csv>");
    return 2;
}

var mlContext = new MLContext(seed: 0);
IDataView videos = mlContext.Data.LoadFromEnumerable(ReadVideos(args[1]));

// One shared model, a tracker per row; rows that fail (missing video, bad box) come back with Status = "error".
var pipeline = mlContext.Transforms.TrackObject(new VideoTrackingOptions { ModelPack = args[0], Threads = 1 });
var model = pipeline.Fit(videos);
IDataView tracked = model.Transform(videos);

Console.WriteLine("video\ttarget\tstatus\tframes\tmean score\tmin score\tmean box area\terror");
foreach (var row in mlContext.Data.CreateEnumerable<TrackedVideoRow>(tracked, reuseRowObject: false))
{
    double meanScore = row.FrameCount > 1 ? row.Scores.Skip(1).Average() : 0;
    double minScore = row.FrameCount > 1 ? row.Scores.Skip(1).Min() : 0;
    double meanArea = row.FrameCount > 0 ? row.BoxWidth.Zip(row.BoxHeight, (w, h) => (double)w * h).Average() : 0;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{row.Video}\t{row.TargetId}\t{row.Status}\t{row.FrameCount}\t{meanScore:0.000}\t{minScore:0.000}\t{meanArea:0}\t{row.Error}"));
}

// One row per video, target and frame, e.g. for a downstream trainer or a database export.
IDataView frames = mlContext.Data.ExpandTrackedFrames(tracked);
int lowConfidence = mlContext.Data.CreateEnumerable<TrackedFrame>(frames, reuseRowObject: true).Count(f => f.Score < 0.5f);
Console.WriteLine($"frames with score < 0.5: {lowConfidence}");
return 0;

static List<VideoTrackingInput> ReadVideos(string csv)
{
    string root = Path.GetDirectoryName(Path.GetFullPath(csv))!;
    var rows = new List<VideoTrackingInput>();
    foreach (var line in File.ReadLines(csv).Skip(1).Where(l => l.Trim().Length > 0 && !l.StartsWith('#')))
    {
        var c = line.Split(',');
        if (c.Length != 7) throw new FormatException($"{csv}: expected video,x,y,w,h,target,start_frame in '{line}'");
        rows.Add(new VideoTrackingInput
        {
            Video = Path.Combine(root, c[0]),
            X = float.Parse(c[1], CultureInfo.InvariantCulture), Y = float.Parse(c[2], CultureInfo.InvariantCulture),
            Width = float.Parse(c[3], CultureInfo.InvariantCulture), Height = float.Parse(c[4], CultureInfo.InvariantCulture),
            TargetId = c[5], StartFrame = int.Parse(c[6], CultureInfo.InvariantCulture),
        });
    }
    return rows;
}
