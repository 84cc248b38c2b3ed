using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.Mapping;

namespace MLNet.Siamese.ML;

/// <summary>
/// The fitted TrackObject: tracks each input row's target through its video and adds the track as columns (see
/// <see cref="TrackObjectOutputColumns"/>). Lazy — nothing is tracked until an output column of a row is read —, each
/// row is tracked once per cursor, and rows are tracked in parallel on a bounded worker pool (see
/// <see cref="TrackObjectOptions.MaxParallelism"/>). A row that cannot be tracked (missing video, bad box, start frame
/// past the end) gets <c>Status</c> = <c>error</c> and a message naming the file or column; a model pack that cannot
/// be loaded throws its own exception. Save and load it with <see cref="TrackingModel"/>.
/// </summary>
public sealed class TrackObjectTransformer : TrackingTransformerBase<TrackObjectOptions>
{
    private readonly SemaphoreSlim _workers;
    private long _rowsTracked;

    internal TrackObjectTransformer(TrackObjectOptions options) : base(options, options.MaxFrames)
    {
        _workers = new SemaphoreSlim(options.MaxParallelism, options.MaxParallelism);
    }

    /// <summary>How many rows this transformer has started tracking so far (diagnostics: each row counts once per cursor that tracks it).</summary>
    public long RowsTracked => Interlocked.Read(ref _rowsTracked);

    private protected override string NotRowToRowBecause => "TrackObject tracks a whole video per row";

    private protected override IEnumerable<(string Name, DataViewType Type)> OutputColumns
    {
        get
        {
            var (names, perFrame, text) = (Options.Output, new VectorDataViewType(NumberDataViewType.Single), TextDataViewType.Instance);
            return
            [
                (names.Status, text), (names.Error, text), (names.FrameCount, NumberDataViewType.Int32),
                (names.Frames, new VectorDataViewType(NumberDataViewType.Int64)), (names.BoxX, perFrame), (names.BoxY, perFrame),
                (names.BoxWidth, perFrame), (names.BoxHeight, perFrame), (names.Scores, perFrame),
                (names.Found, new VectorDataViewType(BooleanDataViewType.Instance)),
            ];
        }
    }

    private protected override void CheckInput(DataViewSchema schema) => TrackObjectBinding.Bind(Options, schema);

    private protected override IDataView CreateDataView(IDataView input, DataViewSchema schema) =>
        new TrackedVideoDataView(this, input, TrackObjectBinding.Bind(Options, input.Schema), schema);

    /// <summary>Tracks one request on the worker pool (at most <see cref="TrackObjectOptions.MaxParallelism"/> at once).</summary>
    internal Task<VideoTrackResult> TrackAsync(VideoTrackRequest request, CancellationToken ct)
    {
        Interlocked.Increment(ref _rowsTracked);
        return Task.Run(() =>
        {
            _workers.Wait(ct);
            try
            {
                return Mapper.Track(request, ct);
            }
            finally
            {
                _workers.Release();
            }
        }, ct);
    }

    private protected override void DisposeResources() => _workers.Dispose();
}
