using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Models;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.ML;

/// <summary>
/// Settings of <c>mlContext.Transforms.ExtractTargetCrop</c> and <c>TargetEmbedding</c>: an image column (<c>MLImage</c>
/// or image path) and a box per row give the exemplar crop the tracker initialises on (see <see cref="TemplateCrop"/>);
/// <c>TargetEmbedding</c> runs the pack's template graph on it with ML.NET's ApplyOnnxModel — a stateless ONNX call per
/// row, exactly what OnnxTransformer is for — giving the target's appearance embedding as a feature column.
/// <see cref="TrackingTransformOptions.GpuDeviceId"/> and <see cref="TrackingTransformOptions.FallbackToCpu"/> go to
/// ApplyOnnxModel; the tracker hyperparameters are not used.
/// </summary>
public sealed record TargetCropOptions : TrackingTransformOptions
{
    /// <summary>The frame: an image column (<c>MLImage</c>) or a text column with the image path. Default <c>Image</c>.</summary>
    public string ImageColumnName { get; init; } = "Image";

    /// <summary>Folder that relative image paths are resolved against; null uses them as they are.</summary>
    public string? ImageFolder { get; init; }

    /// <summary>
    /// The crop column (Single vector of 3 × exemplar × exemplar, planar, the pack's colour order); null (default) names
    /// it after the template graph's input, which is what ApplyOnnxModel needs.
    /// </summary>
    public string? OutputColumnName { get; init; }

    internal override void Validate()
    {
        ValidateShared(TargetCropTransformer.TransformName);
        if (string.IsNullOrWhiteSpace(ImageColumnName)) throw new ArgumentException("ExtractTargetCrop: ImageColumnName is empty", nameof(ImageColumnName));
    }

    /// <summary>The pack's single template graph, which the crop feeds.</summary>
    internal static GraphSpec TemplateGraph(ModelPack pack)
    {
        if (pack.Decoder is not (DecoderKind.Point or DecoderKind.Anchor) || pack.TemplateGraphs.Count != 1 || pack.TemplateGraphs[0].Inputs.Count != 1)
            throw new ModelPackException(pack.ManifestPath, "template",
                "ExtractTargetCrop/TargetEmbedding take a point- or anchor-family pack whose template is one graph with one input (the exemplar crop)");
        return pack.TemplateGraphs[0];
    }
}

/// <summary><c>mlContext.Transforms.ExtractTargetCrop(...)</c>.</summary>
public sealed class TargetCropEstimator : IEstimator<TargetCropTransformer>
{
    private readonly IEstimator<ITransformer> _shape;

    internal TargetCropEstimator(TransformsCatalog catalog, TargetCropOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Pack = ModelPack.Load(options.ModelPack);
        OutputColumnName = options.OutputColumnName ?? TargetCropOptions.TemplateGraph(Pack).Inputs[0].OnnxName;
        int length = TemplateCrop.Length(Pack);
        _shape = AddedColumns.ShapeOf<CropShape>(catalog, [nameof(CropShape.Crop)], [OutputColumnName],
            c => c.ColumnType = new VectorDataViewType(NumberDataViewType.Single, length));
    }

    /// <summary>The settings.</summary>
    public TargetCropOptions Options { get; }

    /// <summary>The model pack (exemplar size, context, colour order).</summary>
    public ModelPack Pack { get; }

    /// <summary>The crop column's name.</summary>
    public string OutputColumnName { get; }

    /// <summary>Checks the input columns; computes nothing.</summary>
    public TargetCropTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ImageAndBoxColumns.Bind(TargetCropTransformer.TransformName, Options, input.Schema, Options.ImageColumnName, Options.ImageFolder);
        return new TargetCropTransformer(Options);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ImageAndBoxColumns.Check(TargetCropTransformer.TransformName, Options, inputSchema, Options.ImageColumnName);
        return _shape.GetOutputSchema(inputSchema);
    }

    internal sealed class CropShape
    {
        [VectorType] public float[] Crop { get; set; } = [];
    }
}

/// <summary>
/// The fitted crop transform: adds the exemplar crop of each row's box as a Single vector column, computed when read.
/// A row whose image cannot be read or whose box is invalid throws, naming the image or column (as LoadImages does).
/// </summary>
public sealed class TargetCropTransformer : ITransformer, ISavedWithTracking
{
    internal const string TransformName = "ExtractTargetCrop";

    internal TargetCropTransformer(TargetCropOptions options)
    {
        options.Validate();
        Options = options;
        Pack = ModelPack.Load(options.ModelPack);
        OutputColumnName = options.OutputColumnName ?? TargetCropOptions.TemplateGraph(Pack).Inputs[0].OnnxName;
    }

    /// <summary>The settings (saved with the model).</summary>
    public TargetCropOptions Options { get; }

    /// <summary>The model pack.</summary>
    public ModelPack Pack { get; }

    /// <summary>The crop column's name.</summary>
    public string OutputColumnName { get; }

    /// <summary>False: the crop is computed inside this transform's own data view.</summary>
    public bool IsRowToRowMapper => false;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ImageAndBoxColumns.Bind(TransformName, Options, inputSchema, Options.ImageColumnName, Options.ImageFolder);
        return OutputSchema(inputSchema);
    }

    /// <summary>Not supported (see <see cref="IsRowToRowMapper"/>).</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("ExtractTargetCrop is not a row-to-row mapper: use Transform.");

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = ImageAndBoxColumns.Bind(TransformName, Options, input.Schema, Options.ImageColumnName, Options.ImageFolder);
        return new CropDataView(this, input, columns, OutputSchema(input.Schema));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => TrackingModel.SaveStep(ctx);

    SavedTransform ISavedWithTracking.ToSaved() => SavedTransform.Of(Options);

    private DataViewSchema OutputSchema(DataViewSchema input) =>
        AddedColumns.Schema(input, [(OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, TemplateCrop.Length(Pack)))]);

    private sealed class CropDataView(TargetCropTransformer owner, IDataView input, ImageAndBoxColumns columns, DataViewSchema schema) : IDataView
    {
        public DataViewSchema Schema { get; } = schema;

        public bool CanShuffle => input.CanShuffle;

        public long? GetRowCount() => input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var (inputColumns, active) = AddedColumns.Split(input.Schema, Schema, columnsNeeded);
            bool crop = active[0];
            return new Cursor(owner, Schema, input.GetRowCursor(crop ? AddedColumns.With(inputColumns, columns.Columns) : inputColumns, rand), crop ? columns : null);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded, rand)];
    }

    private sealed class Cursor(TargetCropTransformer owner, DataViewSchema schema, DataViewRowCursor input, ImageAndBoxColumns? columns) : DataViewRowCursor
    {
        private readonly ImageAndBoxColumns.Reader? _reader = columns?.CreateReader(input);
        private readonly CropWorkspace _crop = new();

        public override DataViewSchema Schema { get; } = schema;

        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < input.Schema.Count ? input.IsColumnActive(input.Schema[column.Index]) : _reader is not null;

        public override bool MoveNext() => input.MoveNext();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < input.Schema.Count) return input.GetGetter<TValue>(input.Schema[column.Index]);
            var reader = _reader ?? throw new InvalidOperationException($"{TransformName}: column '{column.Name}' was not requested when the cursor was created");
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                var (box, error) = reader.Box();
                if (error is not null) throw new ArgumentException($"{TransformName}: row {Position}: {error}");
                using var frame = reader.Image(Position);
                var editor = VBufferEditor.Create(ref value, TemplateCrop.Length(owner.Pack));
                TemplateCrop.Extract(owner.Pack, frame, box, editor.Values, _crop);
                value = editor.Commit();
            };
            return getter as ValueGetter<TValue>
                   ?? throw new InvalidOperationException($"{TransformName}: column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) input.Dispose();
            base.Dispose(disposing);
        }
    }
}
