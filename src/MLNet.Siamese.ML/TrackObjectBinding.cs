using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Mapping;

namespace MLNet.Siamese.ML;

/// <summary>
/// TrackObject's input columns resolved against one schema: which columns hold the video, the initial box, the target
/// id and the start frame. Created at Fit / GetOutputSchema / Transform, so a missing or mistyped column fails there.
/// </summary>
internal sealed class TrackObjectBinding
{
    public const string TransformName = "TrackObject";
    public const string DefaultTargetIdColumn = "TargetId";
    public const string DefaultStartFrameColumn = "StartFrame";

    private readonly TrackObjectOptions _options;

    private TrackObjectBinding(TrackObjectOptions options, DataViewSchema.Column video, DataViewSchema.Column[] box,
        DataViewSchema.Column? targetId, DataViewSchema.Column? startFrame)
    {
        _options = options;
        Video = video;
        Box = box;
        TargetId = targetId;
        StartFrame = startFrame;
    }

    public DataViewSchema.Column Video { get; }

    /// <summary>One vector column, or four scalar columns x, y, width, height.</summary>
    public DataViewSchema.Column[] Box { get; }

    public DataViewSchema.Column? TargetId { get; }

    public DataViewSchema.Column? StartFrame { get; }

    /// <summary>Every input column the tracker reads.</summary>
    public IEnumerable<DataViewSchema.Column> Columns =>
        Box.Prepend(Video).Concat(TargetId is { } t ? [t] : []).Concat(StartFrame is { } s ? [s] : []);

    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type; the message names it.</exception>
    public static TrackObjectBinding Bind(TrackObjectOptions options, DataViewSchema schema)
    {
        var video = InputColumns.Require(TransformName, schema, options.VideoColumnName, InputColumns.Kind.Text);
        var box = BoxColumns.Bind(TransformName, options, schema);
        var target = Optional(schema, options.TargetIdColumnName, DefaultTargetIdColumn, InputColumns.Kind.TextOrInteger);
        var start = Optional(schema, options.StartFrameColumnName, DefaultStartFrameColumn, InputColumns.Kind.Integer);
        return new TrackObjectBinding(options, video, box, target, start);
    }

    /// <summary>The same checks on an estimator's input shape.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type.</exception>
    public static void Check(TrackObjectOptions options, SchemaShape shape)
    {
        InputColumns.Require(TransformName, shape, options.VideoColumnName, InputColumns.Kind.Text);
        BoxColumns.Check(TransformName, options, shape);
        if (options.TargetIdColumnName is { } t || InputColumns.TryFind(shape, t = DefaultTargetIdColumn, out _))
            InputColumns.Require(TransformName, shape, t, InputColumns.Kind.TextOrInteger);
        if (options.StartFrameColumnName is { } s || InputColumns.TryFind(shape, s = DefaultStartFrameColumn, out _))
            InputColumns.Require(TransformName, shape, s, InputColumns.Kind.Integer);
    }

    private static DataViewSchema.Column? Optional(DataViewSchema schema, string? given, string fallback, InputColumns.Kind kind)
    {
        if (given is not null) return InputColumns.Require(TransformName, schema, given, kind);
        return schema.GetColumnOrNull(fallback) is null ? null : InputColumns.Require(TransformName, schema, fallback, kind);
    }

    /// <summary>Reads the current row of <paramref name="row"/> (which must have <see cref="Columns"/> active) as a request.</summary>
    public Func<TrackRequestOrError> CreateReader(DataViewRow row)
    {
        var video = InputColumns.Text(row, Video);
        var box = BoxColumns.Reader(row, Box);
        var target = TargetId is { } t ? InputColumns.Text(row, t) : null;
        var start = StartFrame is { } s ? InputColumns.Number(row, s) : null;
        string? folder = _options.VideoFolder;
        return () =>
        {
            string path = InputColumns.InFolder(folder, video());
            string? targetId = target?.Invoke();
            var b = box();
            if (b.Length != 4)
                return new TrackRequestOrError(null, new VideoTrackResult(path, TargetOrDefault(targetId), [],
                    $"{path}: {BoxColumns.Describe(Box)}: expected 4 values x, y, width, height, found {b.Length}"));
            double startFrame = start?.Invoke() ?? 0;
            return new TrackRequestOrError(new VideoTrackRequest(path, new BoundingBox(b[0], b[1], b[2], b[3]), targetId, (long)startFrame), null);
        };
    }

    private static string TargetOrDefault(string? id) => string.IsNullOrEmpty(id) ? VideoTrackingMapper.DefaultTargetId : id;
}

/// <summary>A row read as a tracking request, or the result of a row that cannot be one.</summary>
internal readonly record struct TrackRequestOrError(VideoTrackRequest? Request, VideoTrackResult? Error);
