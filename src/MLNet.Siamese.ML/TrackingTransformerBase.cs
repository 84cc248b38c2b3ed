using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.Mapping;
using MLNet.Siamese.Models;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.ML;

/// <summary>
/// What the fitted tracking transforms share (as ML.NET's own <c>RowToRowTransformerBase</c> does for its
/// transforms): the settings and the model pack, loaded and validated when the transformer is created (a pack that
/// cannot be loaded throws its own exception, naming the file); the output schema (the input's columns followed by the
/// transform's); save and load through <see cref="TrackingModel"/>; the trackers over one shared model; and
/// <see cref="Dispose"/>. Not a row-to-row mapper: a row's output depends on more than the row. Only this library
/// derives from it.
/// </summary>
/// <typeparam name="TOptions">The transform's settings.</typeparam>
public abstract class TrackingTransformerBase<TOptions> : ITransformer, IDisposable, ITrackingTransform
    where TOptions : TrackingTransformOptions
{
    private int _disposed;

    /// <param name="options">The settings, validated here.</param>
    /// <param name="maxFrames">Most frames a tracker follows; null: no limit.</param>
    /// <exception cref="ArgumentException">A setting is empty or out of range.</exception>
    /// <exception cref="ModelPackException">The model pack is missing or invalid.</exception>
    private protected TrackingTransformerBase(TOptions options, long? maxFrames)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Pack = ModelPack.Load(options.ModelPack); // fails here, naming the file, when the pack is unusable
        Mapper = new VideoTrackingMapper(options.ToTrackingOptions(maxFrames));
    }

    /// <summary>The settings this transformer tracks with (saved with the model).</summary>
    public TOptions Options { get; }

    /// <summary>The model pack, validated when the transformer was created.</summary>
    public ModelPack Pack { get; }

    /// <summary>False: a row's output depends on more than the row (see <see cref="GetRowToRowMapper"/>).</summary>
    public bool IsRowToRowMapper => false;

    /// <summary>The shared model (loaded on first use) and its trackers.</summary>
    private protected VideoTrackingMapper Mapper { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or of the wrong type.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckInput(inputSchema);
        return AddedColumns.Schema(inputSchema, OutputColumns);
    }

    /// <summary>Not supported: a row's output depends on more than the row (see <see cref="TrackingEngine"/> for frame-by-frame use).</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException($"{NotRowToRowBecause} and is not a row-to-row mapper: use Transform, or TrackingEngine for frame-by-frame tracking.");

    /// <summary>The input with the track columns added; nothing is tracked until an output column is read.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or of the wrong type.</exception>
    /// <exception cref="ObjectDisposedException">The transformer is disposed.</exception>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return CreateDataView(input, AddedColumns.Schema(input.Schema, OutputColumns));
    }

    /// <summary>Saves through <see cref="TrackingModel.Save(MLContext, ITransformer, DataViewSchema, string)"/> only.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => TrackingModel.SaveStep(ctx);

    SavedTransform ISavedWithTracking.ToSaved() => SavedTransform.Of(Options);

    ISiameseTracker ITrackingTransform.CreateTracker() => Mapper.CreateTracker();

    /// <summary>The transform and why it is not a row-to-row mapper, e.g. <c>TrackObject tracks a whole video per row</c>.</summary>
    private protected abstract string NotRowToRowBecause { get; }

    /// <summary>The added columns under the settings' names, in order.</summary>
    private protected abstract IEnumerable<(string Name, DataViewType Type)> OutputColumns { get; }

    /// <summary>Checks the input columns the transform reads; the message names the column.</summary>
    private protected abstract void CheckInput(DataViewSchema schema);

    /// <summary>The lazy view over <paramref name="input"/> with the columns of <paramref name="schema"/>; checks the input columns.</summary>
    private protected abstract IDataView CreateDataView(IDataView input, DataViewSchema schema);

    /// <summary>Releases what the transform holds beside the model (called once, by <see cref="Dispose"/>).</summary>
    private protected virtual void DisposeResources()
    {
    }

    /// <summary>Releases the model. Cursors still open must have been disposed.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Mapper.Dispose();
        DisposeResources();
    }
}
