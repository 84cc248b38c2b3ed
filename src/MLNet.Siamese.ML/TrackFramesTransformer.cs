using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.Mapping;
using MLNet.Siamese.Models;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.ML;

/// <summary>
/// The fitted frames-as-rows tracker (<c>mlContext.Transforms.TrackObjectFrames</c>): every input row is a frame of a
/// group; rows are tracked in input order within each group (groups may be interleaved), one tracker per group and
/// cursor. Lazy: a cursor tracks nothing until an output column is read; once one is, every row it passes is tracked
/// (the trackers need each frame). Save and load it with <see cref="TrackingModel"/>.
/// </summary>
public sealed class TrackFramesTransformer : ITransformer, IDisposable, ITrackingTransform
{
    private readonly VideoTrackingMapper _trackers; // the shared model (loaded on first use) and its trackers
    private long _framesTracked;
    private int _disposed;

    internal TrackFramesTransformer(TrackFramesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Pack = ModelPack.Load(options.ModelPack);
        _trackers = new VideoTrackingMapper(options.ToTrackingOptions());
    }

    /// <summary>The settings this transformer tracks with (saved with the model).</summary>
    public TrackFramesOptions Options { get; }

    /// <summary>The model pack, validated when the transformer was created.</summary>
    public ModelPack Pack { get; }

    /// <summary>How many frame rows this transformer has processed so far (diagnostics).</summary>
    public long FramesTracked => Interlocked.Read(ref _framesTracked);

    /// <summary>False: a row's output depends on the rows before it in its group.</summary>
    public bool IsRowToRowMapper => false;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or of the wrong type.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TrackFramesBinding.Bind(Options, inputSchema);
        return BuildOutputSchema(inputSchema, Options.Output);
    }

    /// <summary>Not supported: rows depend on earlier rows (see <see cref="TrackingEngine"/> for frame-by-frame use).</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("TrackObjectFrames tracks each row from the rows before it and is not a row-to-row mapper: " +
                                        "use Transform, or TrackingEngine for frame-by-frame tracking.");

    /// <summary>The input with the per-frame track columns added; nothing is tracked until an output column is read.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var binding = TrackFramesBinding.Bind(Options, input.Schema);
        return new TrackedFramesDataView(this, input, binding, BuildOutputSchema(input.Schema, Options.Output));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => TrackingModel.SaveStep(ctx);

    SavedTransform ISavedWithTracking.ToSaved() => new() { Kind = SavedTransform.FramesKind, Frames = Options with { Logger = null } };

    ISiameseTracker ITrackingTransform.CreateTracker() => CreateTracker();

    internal ISiameseTracker CreateTracker() => _trackers.CreateTracker();

    internal void CountFrame() => Interlocked.Increment(ref _framesTracked);

    private static DataViewSchema BuildOutputSchema(DataViewSchema input, TrackFramesOutputColumns names)
    {
        var single = NumberDataViewType.Single;
        return AddedColumns.Schema(input,
        [
            (names.BoxX, single), (names.BoxY, single), (names.BoxWidth, single), (names.BoxHeight, single), (names.Score, single),
            (names.Status, TextDataViewType.Instance), (names.Error, TextDataViewType.Instance),
        ]);
    }

    /// <summary>Releases the model. Cursors still open must have been disposed.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _trackers.Dispose();
    }
}
