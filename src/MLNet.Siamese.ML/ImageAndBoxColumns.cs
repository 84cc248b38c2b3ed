using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Imaging.Codecs;

namespace MLNet.Siamese.ML;

/// <summary>
/// A frame and a box on the same row: an image column (<c>MLImage</c> from LoadImages, or text with the image path) and
/// the box columns of <see cref="TrackingTransformOptions"/>. Shared by the frames-as-rows and target-crop transforms.
/// </summary>
internal sealed class ImageAndBoxColumns
{
    private readonly string? _imageFolder;

    private ImageAndBoxColumns(DataViewSchema.Column image, DataViewSchema.Column[] box, string? imageFolder)
    {
        Image = image;
        Box = box;
        _imageFolder = imageFolder;
    }

    public DataViewSchema.Column Image { get; }

    /// <summary>One vector column, or four scalar columns x, y, width, height.</summary>
    public DataViewSchema.Column[] Box { get; }

    public IEnumerable<DataViewSchema.Column> Columns => Box.Prepend(Image);

    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type; the message names it.</exception>
    public static ImageAndBoxColumns Bind(string transform, TrackingTransformOptions options, DataViewSchema schema, string imageColumn, string? imageFolder)
    {
        var image = schema.GetColumnOrNull(imageColumn)
                    ?? throw new ArgumentOutOfRangeException(nameof(schema), $"{transform}: input column '{imageColumn}' not found; " +
                        $"expected {ImageDescription} (input columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))})");
        if (image.Type is not (ImageDataViewType or TextDataViewType))
            throw new ArgumentOutOfRangeException(nameof(schema), $"{transform}: input column '{image.Name}' must be {ImageDescription}, found {image.Type}");
        return new ImageAndBoxColumns(image, BoxColumns.Bind(transform, options, schema), imageFolder);
    }

    /// <summary>The same checks on an estimator's input shape.</summary>
    public static void Check(string transform, TrackingTransformOptions options, SchemaShape shape, string imageColumn)
    {
        if (!InputColumns.TryFind(shape, imageColumn, out var image))
            throw new ArgumentOutOfRangeException(nameof(shape), $"{transform}: input column '{imageColumn}' not found; expected {ImageDescription}");
        if (image.Kind != SchemaShape.Column.VectorKind.Scalar || image.ItemType is not (ImageDataViewType or TextDataViewType))
            throw new ArgumentOutOfRangeException(nameof(shape), $"{transform}: input column '{image.Name}' must be {ImageDescription}, found {image.ItemType}");
        BoxColumns.Check(transform, options, shape);
    }

    private const string ImageDescription = "an image (MLImage, from LoadImages) or Text with the image path";

    public Reader CreateReader(DataViewRow row) => new(this, row);

    /// <summary>Reads the image and the box of the current row.</summary>
    internal sealed class Reader
    {
        private readonly Func<double[]> _box;
        private readonly Func<long, Frame> _image;
        private readonly string _boxName;

        public Reader(ImageAndBoxColumns columns, DataViewRow row)
        {
            _boxName = BoxColumns.Describe(columns.Box);
            _box = BoxColumns.Reader(row, columns.Box);
            _image = columns.Image.Type is ImageDataViewType ? FromImage(row, columns.Image) : FromPath(row, columns.Image, columns._imageFolder);
        }

        /// <summary>The row's box, or the reason it is not one.</summary>
        public (BoundingBox Box, string? Error) Box()
        {
            var b = _box();
            if (b.Length != 4) return (default, $"{_boxName}: expected 4 values x, y, width, height, found {b.Length}");
            var box = new BoundingBox(b[0], b[1], b[2], b[3]);
            return box.Problem() is { } problem ? (box, $"{_boxName}: {problem}") : (box, null);
        }

        /// <summary>The row's image as a BGR frame (dispose it).</summary>
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
                string p = InputColumns.InFolder(folder, path());
                if (p.Length == 0) throw new FrameSourceException(column.Name, "the image path is empty", index);
                return decoder.Decode(p, index);
            };
        }
    }
}
