// Frames, not files, into ML.NET (dotnet/machinelearning #3460, #5864; machinelearning-samples #445):
//   frames <pack> <frames.csv> [out.csv]
//       LoadFromTextFile (one row per frame: video, image path, frame number, initial box on the first frame of each
//       video) → LoadImages → TrackObjectFrames → one output row per frame (box, score, status).
//   live <pack> <frame-folder|frames.csv> <x,y,w,h> [max-frames]
//       a fitted model → TrackingEngine, fed in-memory MLImage frames one by one as a camera loop would (here read from
//       a frame folder so that it runs anywhere), printing each box as it comes with the time the engine took.
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.ML;

if (args.Length < 3 || args[0] is not ("frames" or "live"))
{
    Console.Error.WriteLine("usage: MLNetFrames frames <pack> <frames.csv> [out.csv] | live <pack> <frame-folder> <x,y,w,h> [max-frames]");
    return 2;
}
var ml = new MLContext(seed: 0);
return args[0] == "frames" ? Frames(ml, args) : Live(ml, args);

static int Frames(MLContext ml, string[] args)
{
    string csv = args[2];
    string folder = Path.GetDirectoryName(Path.GetFullPath(csv))!;
    IDataView rows = ml.Data.LoadFromTextFile<FrameRow>(csv, separatorChar: ',', hasHeader: true);
    var pipeline = ml.Transforms.LoadImages("Image", imageFolder: folder, inputColumnName: nameof(FrameRow.ImagePath))
        .Append(ml.Transforms.TrackObjectFrames(new TrackFramesOptions
        {
            ModelPack = args[1], ImageColumnName = "Image", GroupColumnName = nameof(FrameRow.Video), FrameColumnName = nameof(FrameRow.Frame),
        }));
    var tracked = pipeline.Fit(rows).Transform(rows);
    using var writer = args.Length > 3 ? new StreamWriter(args[3]) : new StreamWriter(Console.OpenStandardOutput());
    writer.WriteLine("video,frame,x,y,w,h,score,status,error");
    foreach (var r in ml.Data.CreateEnumerable<FrameOutput>(tracked, reuseRowObject: true))
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Video},{r.Frame},{r.BoxX:0.###},{r.BoxY:0.###},{r.BoxWidth:0.###},{r.BoxHeight:0.###},{r.Score:0.######},{r.Status},{r.Error}"));
    return 0;
}

static int Live(MLContext ml, string[] args)
{
    var box = args[3].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    if (box.Length != 4) { Console.Error.WriteLine("error: box must be x,y,w,h"); return 2; }
    int max = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : int.MaxValue;
    // A model as an application would have it: fitted here on an empty frame table (or loaded with mlContext.Load).
    var empty = ml.Data.LoadFromEnumerable(Array.Empty<FrameRow>());
    var model = ml.Transforms.TrackObjectFrames(new TrackFramesOptions { ModelPack = args[1], ImageColumnName = nameof(FrameRow.ImagePath) }).Fit(empty);
    using var engine = model.CreateTrackingEngine();

    var frames = Directory.GetFiles(args[2]).Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        .Order(StringComparer.Ordinal).Take(max);
    Console.WriteLine("frame,x,y,w,h,score,engine_ms");
    foreach (var file in frames)
    {
        using var image = MLImage.CreateFromFile(file); // stands for a frame grabbed from a camera or a stream
        var watch = Stopwatch.StartNew();
        var r = engine.IsInitialized ? engine.Track(image) : engine.Init(image, box[0], box[1], box[2], box[3]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Frame},{r.X:0.###},{r.Y:0.###},{r.Width:0.###},{r.Height:0.###},{r.Score:0.######},{watch.Elapsed.TotalMilliseconds:0.00}"));
    }
    return 0;
}

/// <summary>A row of frames.csv: <c>video,image,frame,x,y,w,h</c> (box only on the first frame of a video).</summary>
public sealed class FrameRow
{
    [LoadColumn(0)] public string Video { get; set; } = "";
    [LoadColumn(1)] public string ImagePath { get; set; } = "";
    [LoadColumn(2)] public int Frame { get; set; }
    [LoadColumn(3)] public float X { get; set; }
    [LoadColumn(4)] public float Y { get; set; }
    [LoadColumn(5)] public float Width { get; set; }
    [LoadColumn(6)] public float Height { get; set; }
}

/// <summary>What the frames mode prints: the input's video and frame number beside TrackObjectFrames' columns.</summary>
public sealed class FrameOutput : TrackedFrameColumns
{
    public string Video { get; set; } = "";
    public int Frame { get; set; }
}
