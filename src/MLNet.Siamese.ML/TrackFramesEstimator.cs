using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Siamese.ML;

/// <summary><c>mlContext.Transforms.TrackObjectFrames(...)</c>: checks the input columns and creates a <see cref="TrackFramesTransformer"/>.</summary>
public sealed class TrackFramesEstimator : IEstimator<TrackFramesTransformer>
{
    // SchemaShape.Column's constructor is internal (dotnet/machinelearning#3243): the output shape comes from a
    // CustomMapping estimator declaring the same columns under the configured names; it never runs.
    private readonly IEstimator<ITransformer> _shape;

    internal TrackFramesEstimator(TransformsCatalog catalog, TrackFramesOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var output = SchemaDefinition.Create(typeof(FrameShape));
        var n = options.Output;
        // Columns are found by their current name: take them all first, then rename (names may be swapped).
        var columns = new[] { nameof(FrameShape.BoxX), nameof(FrameShape.BoxY), nameof(FrameShape.BoxWidth), nameof(FrameShape.BoxHeight),
            nameof(FrameShape.Score), nameof(FrameShape.Status), nameof(FrameShape.Error) }.Select(m => output[m]).ToArray();
        for (int i = 0; i < columns.Length; i++) columns[i].ColumnName = n.All[i];
        _shape = catalog.CustomMapping<TrackObjectEstimator.NoColumns, FrameShape>((_, _) => { }, contractName: null, outputSchemaDefinition: output);
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
