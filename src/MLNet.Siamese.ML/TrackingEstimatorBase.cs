using Microsoft.ML;

namespace MLNet.Siamese.ML;

/// <summary>
/// What the estimators of the tracking transforms share (as ML.NET's own <c>TrivialEstimator</c> does for its
/// transforms): the settings, checked when the estimator is made; <see cref="Fit"/>, which trains nothing — it checks
/// the input columns and creates the transformer, which loads the model pack —; and <see cref="GetOutputSchema"/>,
/// which checks the input shape and adds the output columns. Only this library derives from it.
/// </summary>
/// <typeparam name="TOptions">The transform's settings.</typeparam>
/// <typeparam name="TTransformer">The fitted transformer.</typeparam>
public abstract class TrackingEstimatorBase<TOptions, TTransformer> : IEstimator<TTransformer>
    where TOptions : TrackingTransformOptions
    where TTransformer : class, ITransformer
{
    // The output shape (see AddedColumns.ShapeOf).
    private readonly IEstimator<ITransformer> _shape;

    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings, validated here.</param>
    /// <param name="shape">The estimator that declares the output columns under the names of the validated settings.</param>
    /// <exception cref="ArgumentException">A setting is empty or out of range.</exception>
    private protected TrackingEstimatorBase(TransformsCatalog catalog, TOptions options,
        Func<TransformsCatalog, TOptions, IEstimator<ITransformer>> shape)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _shape = shape(catalog, options);
    }

    /// <summary>The settings the transformer will get.</summary>
    public TOptions Options { get; }

    /// <summary>Checks <paramref name="input"/>'s columns and the model pack; tracks nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or of the wrong type.</exception>
    /// <exception cref="ModelPackException">The model pack is missing or invalid.</exception>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input.Schema);
        return CreateTransformer();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or of the wrong type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckInput(inputSchema);
        return _shape.GetOutputSchema(inputSchema);
    }

    /// <summary>Checks the input columns the transform reads; the message names the column.</summary>
    private protected abstract void CheckInput(DataViewSchema schema);

    /// <summary>The same checks on an input shape.</summary>
    private protected abstract void CheckInput(SchemaShape shape);

    /// <summary>The transformer, with <see cref="Options"/>.</summary>
    private protected abstract TTransformer CreateTransformer();
}
