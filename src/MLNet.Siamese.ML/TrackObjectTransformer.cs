using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.Mapping;
using MLNet.Siamese.Models;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.ML;

/// <summary>
/// The fitted TrackObject: tracks each input row's target through its video and adds the track as columns (see
/// <see cref="TrackObjectOutputColumns"/>). Lazy — nothing is tracked until an output column of a row is read —, each
/// row is tracked once per cursor, and rows are tracked in parallel on a bounded worker pool (see
/// <see cref="TrackObjectOptions.MaxParallelism"/>). A row that cannot be tracked (missing video, bad box, start frame
/// past the end) gets <c>Status</c> = <c>error</c> and a message naming the file or column; a model pack that cannot
/// be loaded throws its own exception. Save and load it with <see cref="TrackingModel"/>.
/// </summary>
public sealed class TrackObjectTransformer : ITransformer, IDisposable, ITrackingTransform
{
    private readonly VideoTrackingMapper _mapper;
    private readonly SemaphoreSlim _workers;
    private long _rowsTracked;
    private int _disposed;

    internal TrackObjectTransformer(TrackObjectOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Pack = ModelPack.Load(options.ModelPack); // fails here, naming the file, when the pack is unusable
        _mapper = new VideoTrackingMapper(options.ToTrackingOptions(options.MaxFrames));
        _workers = new SemaphoreSlim(options.MaxParallelism, options.MaxParallelism);
    }

    /// <summary>The settings this transformer tracks with (saved with the model).</summary>
    public TrackObjectOptions Options { get; }

    /// <summary>The model pack, validated when the transformer was created.</summary>
    public ModelPack Pack { get; }

    /// <summary>How many rows this transformer has started tracking so far (diagnostics: each row counts once per cursor that tracks it).</summary>
    public long RowsTracked => Interlocked.Read(ref _rowsTracked);

    /// <summary>False: a row's output needs a whole video, not a row-to-row function.</summary>
    public bool IsRowToRowMapper => false;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or of the wrong type.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TrackObjectBinding.Bind(Options, inputSchema);
        return BuildOutputSchema(inputSchema, Options.Output);
    }

    /// <summary>Not supported: TrackObject is not a row-to-row mapper (see <see cref="IsRowToRowMapper"/>).</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("TrackObject tracks a whole video per row and is not a row-to-row mapper: use Transform, " +
                                        "or TrackingEngine for frame-by-frame tracking.");

    /// <summary>The input with the track columns added; nothing is tracked until an output column is read.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or of the wrong type.</exception>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var binding = TrackObjectBinding.Bind(Options, input.Schema);
        return new TrackedVideoDataView(this, input, binding, BuildOutputSchema(input.Schema, Options.Output));
    }

    /// <summary>Saves through <see cref="TrackingModel.Save(MLContext, ITransformer, DataViewSchema, string)"/> only.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => TrackingModel.SaveStep(ctx);

    ISiameseTracker ITrackingTransform.CreateTracker() => _mapper.CreateTracker();

    SavedTransform ISavedWithTracking.ToSaved() => new() { Kind = SavedTransform.VideoKind, Videos = Options with { Logger = null } };

    /// <summary>Tracks one request on the worker pool (at most <see cref="TrackObjectOptions.MaxParallelism"/> at once).</summary>
    internal Task<VideoTrackResult> TrackAsync(VideoTrackRequest request, CancellationToken ct)
    {
        Interlocked.Increment(ref _rowsTracked);
        return Task.Run(() =>
        {
            _workers.Wait(ct);
            try
            {
                return _mapper.Track(request, ct);
            }
            finally
            {
                _workers.Release();
            }
        }, ct);
    }

    private static DataViewSchema BuildOutputSchema(DataViewSchema input, TrackObjectOutputColumns names)
    {
        var perFrame = new VectorDataViewType(NumberDataViewType.Single);
        return AddedColumns.Schema(input,
        [
            (names.Status, TextDataViewType.Instance), (names.Error, TextDataViewType.Instance), (names.FrameCount, NumberDataViewType.Int32),
            (names.Frames, new VectorDataViewType(NumberDataViewType.Int64)), (names.BoxX, perFrame), (names.BoxY, perFrame),
            (names.BoxWidth, perFrame), (names.BoxHeight, perFrame), (names.Scores, perFrame),
        ]);
    }

    /// <summary>Releases the model. Cursors still open must have been disposed.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _mapper.Dispose();
        _workers.Dispose();
    }
}
