using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Siamese.ML;

/// <summary>
/// <c>mlContext.Transforms.TrackObject(...)</c>: checks the input columns and creates a <see cref="TrackObjectTransformer"/>.
/// Fitting trains nothing; it validates the schema and the model pack.
/// </summary>
public sealed class TrackObjectEstimator : TrackingEstimatorBase<TrackObjectOptions, TrackObjectTransformer>
{
    internal TrackObjectEstimator(TransformsCatalog catalog, TrackObjectOptions options)
        : base(catalog, options, static (c, o) => AddedColumns.ShapeOf<TrackedVideoShape>(c,
        [
            nameof(TrackedVideoShape.Status), nameof(TrackedVideoShape.Error), nameof(TrackedVideoShape.FrameCount),
            nameof(TrackedVideoShape.Frames), nameof(TrackedVideoShape.BoxX), nameof(TrackedVideoShape.BoxY),
            nameof(TrackedVideoShape.BoxWidth), nameof(TrackedVideoShape.BoxHeight), nameof(TrackedVideoShape.Scores),
            nameof(TrackedVideoShape.Found),
        ], o.Output.All))
    {
    }

    private protected override void CheckInput(DataViewSchema schema) => TrackObjectBinding.Bind(Options, schema);

    private protected override void CheckInput(SchemaShape shape) => TrackObjectBinding.Check(Options, shape);

    private protected override TrackObjectTransformer CreateTransformer() => new(Options);

    /// <summary>The output columns' types, under their default names.</summary>
    internal sealed class TrackedVideoShape
    {
        public string Status { get; set; } = "";

        public string Error { get; set; } = "";

        public int FrameCount { get; set; }

        [VectorType] public long[] Frames { get; set; } = [];

        [VectorType] public float[] BoxX { get; set; } = [];

        [VectorType] public float[] BoxY { get; set; } = [];

        [VectorType] public float[] BoxWidth { get; set; } = [];

        [VectorType] public float[] BoxHeight { get; set; } = [];

        [VectorType] public float[] Scores { get; set; } = [];

        [VectorType] public bool[] Found { get; set; } = [];
    }
}
