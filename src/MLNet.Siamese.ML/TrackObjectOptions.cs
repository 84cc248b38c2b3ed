using MLNet.Siamese.Mapping;

namespace MLNet.Siamese.ML;

/// <summary>
/// What every tracking transform shares: the model pack, the device, the tracker hyperparameter overrides, and the
/// columns of the initial box (one numeric vector column, or four numeric scalar columns).
/// </summary>
public abstract record TrackingTransformOptions
{
    /// <summary>Folder of the model pack (<c>model.json</c> and its ONNX files). Required.</summary>
    public required string ModelPack { get; init; }

    /// <summary>
    /// The initial box as one numeric vector column of 4 values <c>x, y, width, height</c> (0-based pixels, top-left);
    /// null (default) reads the four scalar columns <see cref="XColumnName"/>, <see cref="YColumnName"/>,
    /// <see cref="WidthColumnName"/>, <see cref="HeightColumnName"/> instead.
    /// </summary>
    public string? BoxColumnName { get; init; }

    /// <summary>Numeric column with the left of the initial box (0-based pixels). Default <c>X</c>.</summary>
    public string XColumnName { get; init; } = "X";

    /// <summary>Numeric column with the top of the initial box. Default <c>Y</c>.</summary>
    public string YColumnName { get; init; } = "Y";

    /// <summary>Numeric column with the width of the initial box. Default <c>Width</c>.</summary>
    public string WidthColumnName { get; init; } = "Width";

    /// <summary>Numeric column with the height of the initial box. Default <c>Height</c>.</summary>
    public string HeightColumnName { get; init; } = "Height";

    /// <summary>CUDA device to run on; null (default) runs on the CPU.</summary>
    public int? GpuDeviceId { get; init; }

    /// <summary>
    /// When <see cref="GpuDeviceId"/> is set and CUDA cannot be used: false (default, as ApplyOnnxModel) fails, true
    /// runs on the CPU with one warning.
    /// </summary>
    public bool FallbackToCpu { get; init; }

    /// <summary>ONNX Runtime intra-op threads per model call; default 1.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Cosine-window weight override (pack <c>windowInfluence</c>); null keeps the pack's.</summary>
    public double? WindowInfluence { get; init; }

    /// <summary>Scale/ratio penalty override (pack <c>penaltyK</c>); null keeps the pack's.</summary>
    public double? PenaltyK { get; init; }

    /// <summary>Size smoothing rate override (pack <c>lr</c>); null keeps the pack's.</summary>
    public double? LearningRate { get; init; }

    /// <summary>pysot long-term mode for packs that declare it; null follows the pack.</summary>
    public bool? LongTerm { get; init; }

    /// <summary>Receives warnings such as a CUDA fallback; null discards them. Not saved.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Microsoft.Extensions.Logging.ILogger? Logger { get; init; }

    /// <summary>The core tracking options these settings stand for.</summary>
    internal VideoTrackingOptions ToTrackingOptions(long? maxFrames = null) => new()
    {
        ModelPack = ModelPack, GpuDeviceId = GpuDeviceId, FallbackToCpu = FallbackToCpu, Threads = Threads,
        MaxFrames = maxFrames, WindowInfluence = WindowInfluence, PenaltyK = PenaltyK, LearningRate = LearningRate,
        LongTerm = LongTerm, Logger = Logger,
    };

    /// <summary>The four scalar box column names, in x, y, width, height order.</summary>
    internal string[] ScalarBoxColumns => [XColumnName, YColumnName, WidthColumnName, HeightColumnName];

    /// <summary>Checks every setting; the message names the setting.</summary>
    /// <exception cref="ArgumentException">A setting is empty or out of range.</exception>
    internal abstract void Validate();

    /// <summary>Checks the shared settings; the message names the setting.</summary>
    /// <exception cref="ArgumentException">A setting is empty or out of range.</exception>
    internal void ValidateShared(string transform)
    {
        ToTrackingOptions().Validate();
        foreach (var (name, value) in new[]
                 {
                     (nameof(XColumnName), XColumnName), (nameof(YColumnName), YColumnName),
                     (nameof(WidthColumnName), WidthColumnName), (nameof(HeightColumnName), HeightColumnName),
                 })
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{transform}: {name} is empty", name);
        }
    }
}

/// <summary>
/// Settings of <c>mlContext.Transforms.TrackObject</c> (one row per target: a video and the initial box): which input
/// columns describe the target (ML.NET style: column names as settings with defaults), where the output columns go,
/// and how to track. Saved with the model by <see cref="TrackingModel"/>.
/// </summary>
public sealed record TrackObjectOptions : TrackingTransformOptions
{
    /// <summary>Text column with the video file, image file or folder of frames. Default <c>Video</c>.</summary>
    public string VideoColumnName { get; init; } = "Video";

    /// <summary>
    /// Folder that relative paths of <see cref="VideoColumnName"/> are resolved against (as LoadImages'
    /// <c>imageFolder</c>); null uses them as they are (relative to the current directory).
    /// </summary>
    public string? VideoFolder { get; init; }

    /// <summary>
    /// Optional text or integer column naming the target; null (default) reads a column <c>TargetId</c> when the input
    /// has one and uses <c>"0"</c> otherwise. A name given here must exist.
    /// </summary>
    public string? TargetIdColumnName { get; init; }

    /// <summary>
    /// Optional integer column with the zero-based frame the initial box is on; null (default) reads a column
    /// <c>StartFrame</c> when the input has one and uses 0 otherwise. A name given here must exist.
    /// </summary>
    public string? StartFrameColumnName { get; init; }

    /// <summary>Names of the output columns; <see cref="TrackObjectOutputColumns.WithPrefix"/> keeps two TrackObjects apart.</summary>
    public TrackObjectOutputColumns Output { get; init; } = new();

    /// <summary>
    /// Most rows tracked at once (a bounded worker pool per transformer; a cursor reads this many rows ahead once an
    /// output column is read). Default: the number of processors, at most 4. 1 tracks strictly row by row.
    /// </summary>
    public int MaxParallelism { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Most frames tracked per row, the initialisation frame included; null tracks to the end.</summary>
    public long? MaxFrames { get; init; }

    /// <summary>Checks every setting; the message names the setting.</summary>
    /// <exception cref="ArgumentException">A setting is empty or out of range.</exception>
    internal override void Validate()
    {
        ValidateShared(TrackObjectBinding.TransformName);
        ToTrackingOptions(MaxFrames).Validate();
        if (MaxParallelism is < 1 or > 256)
            throw new ArgumentOutOfRangeException(nameof(MaxParallelism), MaxParallelism, "TrackObject: must be in [1, 256]");
        if (string.IsNullOrWhiteSpace(VideoColumnName)) throw new ArgumentException("TrackObject: VideoColumnName is empty", nameof(VideoColumnName));
        Output.Validate(TrackObjectBinding.TransformName);
    }
}

/// <summary>
/// The names of TrackObject's output columns (one row per input row; per-frame values as vectors of Single): the box,
/// the status (<c>ok</c>, or <c>error</c> when the row could not be tracked), the error, and the columns below.
/// </summary>
public sealed record TrackObjectOutputColumns : TrackOutputColumns
{
    /// <summary>Int32: number of tracked frames (0 on error). Default <c>FrameCount</c>.</summary>
    public string FrameCount { get; init; } = "FrameCount";

    /// <summary>Vector of Int64: the source frame index of each tracked frame. Default <c>Frames</c>.</summary>
    public string Frames { get; init; } = "Frames";

    /// <summary>Vector of Single: tracker confidence of each frame (1 on the initialisation frame). Default <c>Scores</c>.</summary>
    public string Scores { get; init; } = "Scores";

    /// <summary>
    /// Vector of Boolean: whether the tracker saw the target on each frame (false where a long-term pack reports it lost,
    /// true on every frame of the other packs). Default <c>Found</c>.
    /// </summary>
    public string Found { get; init; } = "Found";

    /// <summary>Every default name with <paramref name="prefix"/> in front (<c>"Car"</c> gives <c>CarStatus</c>, <c>CarBoxX</c>…).</summary>
    public static TrackObjectOutputColumns WithPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var d = new TrackObjectOutputColumns();
        return new TrackObjectOutputColumns
        {
            Status = prefix + d.Status, Error = prefix + d.Error, FrameCount = prefix + d.FrameCount, Frames = prefix + d.Frames,
            BoxX = prefix + d.BoxX, BoxY = prefix + d.BoxY, BoxWidth = prefix + d.BoxWidth, BoxHeight = prefix + d.BoxHeight,
            Scores = prefix + d.Scores, Found = prefix + d.Found,
        };
    }

    internal override string[] All => [Status, Error, FrameCount, Frames, BoxX, BoxY, BoxWidth, BoxHeight, Scores, Found];
}
