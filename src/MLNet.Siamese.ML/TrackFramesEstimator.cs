using Microsoft.ML;

namespace MLNet.Siamese.ML;

/// <summary><c>mlContext.Transforms.TrackObjectFrames(...)</c>: checks the input columns and creates a <see cref="TrackFramesTransformer"/>.</summary>
public sealed class TrackFramesEstimator : TrackingEstimatorBase<TrackFramesOptions, TrackFramesTransformer>
{
    internal TrackFramesEstimator(TransformsCatalog catalog, TrackFramesOptions options)
        : base(catalog, options, static (c, o) => AddedColumns.ShapeOf<TrackedFrameColumns>(c,
        [
            nameof(TrackedFrameColumns.BoxX), nameof(TrackedFrameColumns.BoxY), nameof(TrackedFrameColumns.BoxWidth), nameof(TrackedFrameColumns.BoxHeight),
            nameof(TrackedFrameColumns.Score), nameof(TrackedFrameColumns.Status), nameof(TrackedFrameColumns.Error),
        ], o.Output.All))
    {
    }

    private protected override void CheckInput(DataViewSchema schema) => TrackFramesBinding.Bind(Options, schema);

    private protected override void CheckInput(SchemaShape shape) => TrackFramesBinding.Check(Options, shape);

    private protected override TrackFramesTransformer CreateTransformer() => new(Options);
}
