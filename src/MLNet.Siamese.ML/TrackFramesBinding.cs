using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Siamese.ML;

/// <summary>The frames-as-rows input columns resolved against one schema (checked at Fit / GetOutputSchema / Transform).</summary>
internal sealed class TrackFramesBinding
{
    public const string TransformName = "TrackObjectFrames";

    private TrackFramesBinding(ImageAndBoxColumns frame, DataViewSchema.Column group, DataViewSchema.Column? position)
    {
        FrameAndBox = frame;
        Group = group;
        Position = position;
    }

    public ImageAndBoxColumns FrameAndBox { get; }

    public DataViewSchema.Column Group { get; }

    public DataViewSchema.Column? Position { get; }

    public IEnumerable<DataViewSchema.Column> Columns => FrameAndBox.Columns.Append(Group).Concat(Position is { } f ? [f] : []);

    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type; the message names it.</exception>
    public static TrackFramesBinding Bind(TrackFramesOptions options, DataViewSchema schema)
    {
        var frame = ImageAndBoxColumns.Bind(TransformName, options, schema, options.ImageColumnName, options.ImageFolder);
        var group = InputColumns.Require(TransformName, schema, options.GroupColumnName, InputColumns.Kind.TextOrInteger);
        var position = options.FrameColumnName is { } f ? InputColumns.Require(TransformName, schema, f, InputColumns.Kind.Number) : (DataViewSchema.Column?)null;
        return new TrackFramesBinding(frame, group, position);
    }

    /// <summary>The same checks on an estimator's input shape.</summary>
    public static void Check(TrackFramesOptions options, SchemaShape shape)
    {
        ImageAndBoxColumns.Check(TransformName, options, shape, options.ImageColumnName);
        InputColumns.Require(TransformName, shape, options.GroupColumnName, InputColumns.Kind.TextOrInteger);
        if (options.FrameColumnName is { } f) InputColumns.Require(TransformName, shape, f, InputColumns.Kind.Number);
    }

    /// <summary>Reads the current row's group key, frame position, image and box.</summary>
    public RowReader CreateReader(DataViewRow row) => new(this, row);

    internal sealed class RowReader(TrackFramesBinding binding, DataViewRow row)
    {
        private readonly Func<string> _group = InputColumns.Text(row, binding.Group);
        private readonly Func<double>? _position = binding.Position is { } f ? InputColumns.Number(row, f) : null;

        public ImageAndBoxColumns.Reader Frame { get; } = binding.FrameAndBox.CreateReader(row);

        public string Group() => _group();

        public double? FramePosition() => _position?.Invoke();
    }
}
