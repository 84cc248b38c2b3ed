using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MLNet.Siamese.ML;

/// <summary>
/// <c>mlContext.Transforms.TrackObject(...)</c>: checks the input columns and creates a <see cref="TrackObjectTransformer"/>.
/// Fitting trains nothing; it validates the schema and the model pack.
/// </summary>
public sealed class TrackObjectEstimator : IEstimator<TrackObjectTransformer>
{
    // The output shape (see AddedColumns.ShapeOf).
    private readonly IEstimator<ITransformer> _shape;

    internal TrackObjectEstimator(TransformsCatalog catalog, TrackObjectOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _shape = AddedColumns.ShapeOf<TrackedVideoShape>(catalog,
        [
            nameof(TrackedVideoShape.Status), nameof(TrackedVideoShape.Error), nameof(TrackedVideoShape.FrameCount),
            nameof(TrackedVideoShape.Frames), nameof(TrackedVideoShape.BoxX), nameof(TrackedVideoShape.BoxY),
            nameof(TrackedVideoShape.BoxWidth), nameof(TrackedVideoShape.BoxHeight), nameof(TrackedVideoShape.Scores),
        ], options.Output.All);
    }

    /// <summary>The settings the transformer will get.</summary>
    public TrackObjectOptions Options { get; }

    /// <summary>Checks <paramref name="input"/>'s columns and the model pack; tracks nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or of the wrong type.</exception>
    /// <exception cref="MLNet.Siamese.ModelPackException">The model pack is missing or invalid.</exception>
    public TrackObjectTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TrackObjectBinding.Bind(Options, input.Schema);
        return new TrackObjectTransformer(Options);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or of the wrong type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TrackObjectBinding.Check(Options, inputSchema);
        return _shape.GetOutputSchema(inputSchema);
    }

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
    }
}
