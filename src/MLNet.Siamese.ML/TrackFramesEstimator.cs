using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Siamese.ML;

/// <summary><c>mlContext.Transforms.TrackObjectFrames(...)</c>: checks the input columns and creates a <see cref="TrackFramesTransformer"/>.</summary>
public sealed class TrackFramesEstimator : IEstimator<TrackFramesTransformer>
{
    // The output shape (see AddedColumns.ShapeOf).
    private readonly IEstimator<ITransformer> _shape;

    internal TrackFramesEstimator(TransformsCatalog catalog, TrackFramesOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _shape = AddedColumns.ShapeOf<TrackedFrameColumns>(catalog,
        [
            nameof(TrackedFrameColumns.BoxX), nameof(TrackedFrameColumns.BoxY), nameof(TrackedFrameColumns.BoxWidth), nameof(TrackedFrameColumns.BoxHeight),
            nameof(TrackedFrameColumns.Score), nameof(TrackedFrameColumns.Status), nameof(TrackedFrameColumns.Error),
        ], options.Output.All);
    }

    /// <summary>The settings the transformer will get.</summary>
    public TrackFramesOptions Options { get; }

    /// <summary>Checks <paramref name="input"/>'s columns and the model pack; tracks nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or of the wrong type.</exception>
    /// <exception cref="ModelPackException">The model pack is missing or invalid.</exception>
    public TrackFramesTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TrackFramesBinding.Bind(Options, input.Schema);
        return new TrackFramesTransformer(Options);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or of the wrong type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TrackFramesBinding.Check(Options, inputSchema);
        return _shape.GetOutputSchema(inputSchema);
    }
}
