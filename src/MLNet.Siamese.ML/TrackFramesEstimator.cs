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
        _shape = AddedColumns.ShapeOf<FrameShape>(catalog,
        [
            nameof(FrameShape.BoxX), nameof(FrameShape.BoxY), nameof(FrameShape.BoxWidth), nameof(FrameShape.BoxHeight),
            nameof(FrameShape.Score), nameof(FrameShape.Status), nameof(FrameShape.Error),
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

    /// <summary>The output columns' types, under their default names.</summary>
    internal sealed class FrameShape
    {
        public float BoxX { get; set; }

        public float BoxY { get; set; }

        public float BoxWidth { get; set; }

        public float BoxHeight { get; set; }

        public float Score { get; set; }

        public string Status { get; set; } = "";

        public string Error { get; set; } = "";
    }
}
