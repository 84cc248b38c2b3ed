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
    internal override void Validate()
    {
        ValidateShared(TrackFramesBinding.TransformName);
        if (string.IsNullOrWhiteSpace(ImageColumnName)) throw new ArgumentException("TrackObjectFrames: ImageColumnName is empty", nameof(ImageColumnName));
        if (string.IsNullOrWhiteSpace(GroupColumnName)) throw new ArgumentException("TrackObjectFrames: GroupColumnName is empty", nameof(GroupColumnName));
        Output.Validate(TrackFramesBinding.TransformName);
    }
}

/// <summary>
/// The names of the frames-as-rows output columns (one value per frame row): the box (Single, NaN on an error row),
/// <see cref="Score"/>, the status (<c>init</c>, <c>tracked</c> or <c>error</c>) and the error.
/// </summary>
public sealed record TrackFramesOutputColumns : TrackOutputColumns
{
    /// <summary>Single: tracker confidence (1 on the initialisation frame, NaN on an error row). Default <c>Score</c>.</summary>
    public string Score { get; init; } = "Score";

    internal override string[] All => [BoxX, BoxY, BoxWidth, BoxHeight, Score, Status, Error];
}
