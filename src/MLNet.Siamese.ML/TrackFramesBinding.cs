using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Imaging.Codecs;

namespace MLNet.Siamese.ML;

/// <summary>The frames-as-rows input columns resolved against one schema (checked at Fit / GetOutputSchema / Transform).</summary>
internal sealed class TrackFramesBinding
{
    public const string TransformName = "TrackObjectFrames";

    private readonly TrackFramesOptions _options;

    private TrackFramesBinding(TrackFramesOptions options, DataViewSchema.Column image, DataViewSchema.Column group,
        DataViewSchema.Column? frame, DataViewSchema.Column[] box)
    {
        _options = options;
        Image = image;
        Group = group;
        Frame = frame;
        Box = box;
    }

    public DataViewSchema.Column Image { get; }

    public DataViewSchema.Column Group { get; }

    public DataViewSchema.Column? Frame { get; }

    public DataViewSchema.Column[] Box { get; }

    public IEnumerable<DataViewSchema.Column> Columns => Box.Prepend(Group).Prepend(Image).Concat(Frame is { } f ? [f] : []);

    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type; the message names it.</exception>
    public static TrackFramesBinding Bind(TrackFramesOptions options, DataViewSchema schema)
    {
        var image = schema.GetColumnOrNull(options.ImageColumnName)
                    ?? throw new ArgumentOutOfRangeException(nameof(schema), $"{TransformName}: input column '{options.ImageColumnName}' not found; " +
                        $"expected an image (MLImage, from LoadImages) or Text with the image path (input columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))})");
        if (image.Type is not (ImageDataViewType or TextDataViewType))
            throw new ArgumentOutOfRangeException(nameof(schema), $"{TransformName}: input column '{image.Name}' must be an image (MLImage, from LoadImages) or Text with the image path, found {image.Type}");
        var group = InputColumns.Require(TransformName, schema, options.GroupColumnName, InputColumns.Kind.TextOrInteger);
        var frame = options.FrameColumnName is { } f ? InputColumns.Require(TransformName, schema, f, InputColumns.Kind.Number) : (DataViewSchema.Column?)null;
        DataViewSchema.Column[] box = options.BoxColumnName is { } b
            ? [InputColumns.Require(TransformName, schema, b, InputColumns.Kind.NumberVector4)]
            : [.. options.ScalarBoxColumns.Select(n => InputColumns.Require(TransformName, schema, n, InputColumns.Kind.Number))];
        return new TrackFramesBinding(options, image, group, frame, box);
    }

    /// <summary>The same checks on an estimator's input shape.</summary>
    public static void Check(TrackFramesOptions options, SchemaShape shape)
    {
        if (!InputColumns.TryFind(shape, options.ImageColumnName, out var image))
            throw new ArgumentOutOfRangeException(nameof(shape), $"{TransformName}: input column '{options.ImageColumnName}' not found; expected an image (MLImage, from LoadImages) or Text with the image path");
        if (image.Kind != SchemaShape.Column.VectorKind.Scalar || image.ItemType is not (ImageDataViewType or TextDataViewType))
            throw new ArgumentOutOfRangeException(nameof(shape), $"{TransformName}: input column '{image.Name}' must be an image (MLImage, from LoadImages) or Text with the image path, found {image.ItemType}");
        InputColumns.Require(TransformName, shape, options.GroupColumnName, InputColumns.Kind.TextOrInteger);
        if (options.FrameColumnName is { } f) InputColumns.Require(TransformName, shape, f, InputColumns.Kind.Number);
        if (options.BoxColumnName is { } b) InputColumns.Require(TransformName, shape, b, InputColumns.Kind.NumberVector4);
        else
            foreach (var n in options.ScalarBoxColumns) InputColumns.Require(TransformName, shape, n, InputColumns.Kind.Number);
    }

    /// <summary>Reads the current row's group key, frame position and (for the first row of a group) box.</summary>
    public RowReader CreateReader(DataViewRow row) => new(this, row);

    internal sealed class RowReader
    {
        private readonly Func<string> _group;
        private readonly Func<double>? _frame;
        private readonly Func<double[]> _box;
        private readonly Func<long, Frame> _image;
        private readonly string _boxName;

        public RowReader(TrackFramesBinding binding, DataViewRow row)
        {
            _group = InputColumns.Text(row, binding.Group);
            _frame = binding.Frame is { } f ? InputColumns.Number(row, f) : null;
            _boxName = binding.Box.Length == 1 ? $"column '{binding.Box[0].Name}'" : "box columns";
            if (binding.Box.Length == 1) _box = InputColumns.NumberVector(row, binding.Box[0]);
            else
            {
                var getters = binding.Box.Select(c => InputColumns.Number(row, c)).ToArray();
                _box = () => [.. getters.Select(g => g())];
            }
            _image = binding.Image.Type is ImageDataViewType ? FromImage(row, binding.Image) : FromPath(row, binding.Image, binding._options.ImageFolder);
        }

        public string Group() => _group();

        public double? FramePosition() => _frame?.Invoke();

        /// <summary>The initial box, or the reason it is not one.</summary>
        public (BoundingBox Box, string? Error) InitBox()
        {
            var b = _box();
            if (b.Length != 4) return (default, $"{_boxName}: expected 4 values x, y, width, height, found {b.Length}");
            var box = new BoundingBox(b[0], b[1], b[2], b[3]);
            return box.IsValid ? (box, null) : (box, $"{_boxName}: initial box {box} must have finite coordinates and a positive width and height");
        }

        /// <exception cref="SiameseException">The image cannot be read or decoded; the message names it.</exception>
        public Frame Image(long index) => _image(index);

        private static Func<long, Frame> FromImage(DataViewRow row, DataViewSchema.Column column)
        {
            var getter = row.GetGetter<MLImage>(column);
            return index =>
            {
                MLImage image = null!;
                getter(ref image);
                if (image is null) throw new FrameSourceException(column.Name, "no image on this row (LoadImages could not read it?)", index);
                return MLImageFrames.ToFrame(image, index);
            };
        }

        private static Func<long, Frame> FromPath(DataViewRow row, DataViewSchema.Column column, string? folder)
        {
            var path = InputColumns.Text(row, column);
            var decoder = new ImageDecoder(); // one per cursor: not thread-safe, reuses its buffers
            return index =>
            {
                string p = path();
                if (folder is not null && p.Length > 0 && !Path.IsPathRooted(p)) p = Path.Combine(folder, p);
                if (p.Length == 0) throw new FrameSourceException(column.Name, "the image path is empty", index);
                return decoder.Decode(p, index);
            };
        }
    }
}
