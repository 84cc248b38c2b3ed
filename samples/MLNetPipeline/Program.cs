// A data-app pipeline over a table of videos, all in ML.NET:
//   LoadFromTextFile (one row per target) → TrackObject → per-track features (CustomMapping: path length, mean speed,
//   share of frames inside a region, score statistics) → Concatenate → NormalizeMinMax → KMeans
// then the whole fitted pipeline is saved (TrackingModel.Save: the model pack travels inside the zip) and, in a fresh
// process, loaded and scored.
// Usage:
//   MLNetPipeline fit   <pack> <videos.csv> <model.zip> [max-frames]   fits, saves, prints each row's features and cluster
//   MLNetPipeline score <model.zip> <videos.csv>                       loads (no pack needed) and prints the same table
// videos.csv: header "video,x,y,w,h,target" (video paths relative to the CSV's folder).
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNet.Siamese.ML;

if (args.Length < 3 || (args[0] == "fit" && args.Length < 4) || args[0] is not ("fit" or "score"))
{
    Console.Error.WriteLine("usage: MLNetPipeline fit <pack> <videos.csv> <model.zip> [max-frames] | score <model.zip> <videos.csv>");
    return 2;
}

var mlContext = new MLContext(seed: 0);
mlContext.ComponentCatalog.RegisterAssembly(typeof(TrackFeaturesFactory).Assembly); // the features mapping, for loading
string csv = args[2];
IDataView videos = mlContext.Data.LoadFromTextFile<VideoRow>(csv, separatorChar: ',', hasHeader: true);

ITransformer model;
if (args[0] == "fit")
{
    long? maxFrames = args.Length > 4 ? long.Parse(args[4], CultureInfo.InvariantCulture) : null;
    var pipeline = mlContext.Transforms.TrackObject(new TrackObjectOptions
        {
            ModelPack = args[1],
            VideoFolder = Path.GetDirectoryName(Path.GetFullPath(csv)),
            TargetIdColumnName = "Target",
            MaxFrames = maxFrames,
        })
        .Append(mlContext.Transforms.CustomMapping(new TrackFeaturesFactory().GetMapping(), TrackFeaturesFactory.ContractName))
        .Append(mlContext.Transforms.Concatenate("Features", nameof(TrackFeatures.PathLength), nameof(TrackFeatures.MeanSpeed),
            nameof(TrackFeatures.InsideRegion), nameof(TrackFeatures.MeanScore), nameof(TrackFeatures.MinScore)))
        .Append(mlContext.Transforms.NormalizeMinMax("Features"))
        .Append(mlContext.Clustering.Trainers.KMeans("Features", numberOfClusters: 2));
    // Cache the tracked table: KMeans makes several passes, and tracking runs once per pass otherwise.
    model = pipeline.Fit(mlContext.Data.Cache(videos));
    mlContext.Save(model, videos.Schema, args[3]);
    Console.Error.WriteLine($"saved {args[3]} ({new FileInfo(args[3]).Length} bytes)");
}
else
{
    model = mlContext.Load(args[1], out _);
}

var scored = model.Transform(videos);
Console.WriteLine("video\ttarget\tstatus\tframes\tpath_px\tspeed_px\tinside\tmean_score\tmin_score\tcluster\terror");
foreach (var row in mlContext.Data.CreateEnumerable<ScoredRow>(scored, reuseRowObject: false))
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{row.Video}\t{row.Target}\t{row.Status}\t{row.FrameCount}\t{row.PathLength:0.0}\t{row.MeanSpeed:0.00}\t{row.InsideRegion:0.000}\t{row.MeanScore:0.000}\t{row.MinScore:0.000}\t{row.PredictedLabel}\t{row.Error}"));
return 0;

/// <summary>A row of videos.csv.</summary>
public sealed class VideoRow
{
    [LoadColumn(0)] public string Video { get; set; } = "";
    [LoadColumn(1)] public float X { get; set; }
    [LoadColumn(2)] public float Y { get; set; }
    [LoadColumn(3)] public float Width { get; set; }
    [LoadColumn(4)] public float Height { get; set; }
    [LoadColumn(5)] public string Target { get; set; } = "";
}

/// <summary>What the features mapping reads: TrackObject's per-frame vectors.</summary>
public sealed class TrackColumns
{
    public int FrameCount { get; set; }
    [VectorType] public float[] BoxX { get; set; } = [];
    [VectorType] public float[] BoxY { get; set; } = [];
    [VectorType] public float[] BoxWidth { get; set; } = [];
    [VectorType] public float[] BoxHeight { get; set; } = [];
    [VectorType] public float[] Scores { get; set; } = [];
}

/// <summary>Per-track features.</summary>
public sealed class TrackFeatures
{
    /// <summary>Distance travelled by the box centre, in pixels.</summary>
    public float PathLength { get; set; }

    /// <summary>Mean centre displacement per frame, in pixels.</summary>
    public float MeanSpeed { get; set; }

    /// <summary>Share of frames whose box centre lies in the left half of the first frame's region (x &lt; 320).</summary>
    public float InsideRegion { get; set; }

    /// <summary>Mean tracker score after the initialisation frame.</summary>
    public float MeanScore { get; set; }

    /// <summary>Lowest tracker score after the initialisation frame.</summary>
    public float MinScore { get; set; }
}

/// <summary>The features mapping, saveable under its contract name (registered before loading).</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class TrackFeaturesFactory : CustomMappingFactory<TrackColumns, TrackFeatures>
{
    public const string ContractName = "MLNetPipeline.TrackFeatures";

    public override Action<TrackColumns, TrackFeatures> GetMapping() => (track, f) =>
    {
        int n = track.FrameCount;
        double path = 0;
        int inside = 0;
        for (int i = 0; i < n; i++)
        {
            double cx = track.BoxX[i] + track.BoxWidth[i] / 2, cy = track.BoxY[i] + track.BoxHeight[i] / 2;
            if (cx < 320) inside++;
            if (i == 0) continue;
            double px = track.BoxX[i - 1] + track.BoxWidth[i - 1] / 2, py = track.BoxY[i - 1] + track.BoxHeight[i - 1] / 2;
            path += Math.Sqrt((cx - px) * (cx - px) + (cy - py) * (cy - py));
        }
        f.PathLength = (float)path;
        f.MeanSpeed = n > 1 ? (float)(path / (n - 1)) : 0;
        f.InsideRegion = n > 0 ? (float)inside / n : 0;
        f.MeanScore = n > 1 ? track.Scores.Skip(1).Take(n - 1).Average() : 0;
        f.MinScore = n > 1 ? track.Scores.Skip(1).Take(n - 1).Min() : 0;
    };
}

/// <summary>What the sample prints.</summary>
public sealed class ScoredRow
{
    public string Video { get; set; } = "";
    public string Target { get; set; } = "";
    public string Status { get; set; } = "";
    public string Error { get; set; } = "";
    public int FrameCount { get; set; }
    public float PathLength { get; set; }
    public float MeanSpeed { get; set; }
    public float InsideRegion { get; set; }
    public float MeanScore { get; set; }
    public float MinScore { get; set; }
    public uint PredictedLabel { get; set; }
}
