namespace MLNet.Siamese.ML;

/// <summary>
/// Settings of <c>mlContext.Transforms.TrackObjectFrames</c>: frames as rows. Each input row is one frame — an image
/// (an <c>MLImage</c> column from LoadImages, or a text column with the image path) — of a group (a video, or one
/// target of it); rows of a group are tracked in order, the first row of each group initialises its tracker with the
/// box columns (read on that row only), and every row gets the box, score and status of its frame.
/// </summary>
public sealed record TrackFramesOptions : TrackingTransformOptions
{
    /// <summary>The frame: an image column (<c>MLImage</c>, from LoadImages) or a text column with the image path. Default <c>Image</c>.</summary>
    public string ImageColumnName { get; init; } = "Image";

    /// <summary>Folder that relative image paths are resolved against; null uses them as they are.</summary>
    public string? ImageFolder { get; init; }

    /// <summary>Text or integer column naming the group (the video or target) a frame belongs to. Default <c>Video</c>.</summary>
    public string GroupColumnName { get; init; } = "Video";

    /// <summary>
    /// Optional numeric column with each frame's position in its group; when given, a frame that does not come after the
    /// group's previous frame becomes an error row instead of being tracked out of order. Null: rows are taken in the
    /// order the input gives them.
    /// </summary>
    public string? FrameColumnName { get; init; }

    /// <summary>Names of the output columns.</summary>
    public TrackFramesOutputColumns Output { get; init; } = new();

    /// <summary>Checks every setting; the message names the setting.</summary>
    /// <exception cref="ArgumentException">A setting is empty or out of range.</exception>
    internal void Validate()
    {
        ValidateShared(TrackFramesBinding.TransformName);
        if (string.IsNullOrWhiteSpace(ImageColumnName)) throw new ArgumentException("TrackObjectFrames: ImageColumnName is empty", nameof(ImageColumnName));
        if (string.IsNullOrWhiteSpace(GroupColumnName)) throw new ArgumentException("TrackObjectFrames: GroupColumnName is empty", nameof(GroupColumnName));
        AddedColumns.CheckNames(TrackFramesBinding.TransformName, Output.All, nameof(Output));
    }
}

/// <summary>The names of the frames-as-rows output columns (one value per frame row).</summary>
public sealed record TrackFramesOutputColumns
{
    /// <summary>Single: left of the frame's box (NaN on an error row). Default <c>BoxX</c>.</summary>
    public string BoxX { get; init; } = "BoxX";

    /// <summary>Single: top of the frame's box. Default <c>BoxY</c>.</summary>
    public string BoxY { get; init; } = "BoxY";

    /// <summary>Single: width of the frame's box. Default <c>BoxWidth</c>.</summary>
    public string BoxWidth { get; init; } = "BoxWidth";

    /// <summary>Single: height of the frame's box. Default <c>BoxHeight</c>.</summary>
    public string BoxHeight { get; init; } = "BoxHeight";

    /// <summary>Single: tracker confidence (1 on the initialisation frame, NaN on an error row). Default <c>Score</c>.</summary>
    public string Score { get; init; } = "Score";

    /// <summary>Text: <c>init</c>, <c>tracked</c> or <c>error</c>. Default <c>Status</c>.</summary>
    public string Status { get; init; } = "Status";

    /// <summary>Text: why the row has no box (naming the image, group or column); empty otherwise. Default <c>Error</c>.</summary>
    public string Error { get; init; } = "Error";

    /// <summary>The names in column order.</summary>
    internal string[] All => [BoxX, BoxY, BoxWidth, BoxHeight, Score, Status, Error];
}
