using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.ML;

/// <summary>
/// The fitted frames-as-rows tracker (<c>mlContext.Transforms.TrackObjectFrames</c>): every input row is a frame of a
/// group; rows are tracked in input order within each group (groups may be interleaved), one tracker per group and
/// cursor. Lazy: a cursor tracks nothing until an output column is read; once one is, every row it passes is tracked
/// (the trackers need each frame). Save and load it with <see cref="TrackingModel"/>.
/// </summary>
public sealed class TrackFramesTransformer : TrackingTransformerBase<TrackFramesOptions>
{
    private long _framesTracked;

    internal TrackFramesTransformer(TrackFramesOptions options) : base(options, maxFrames: null)
    {
    }

    /// <summary>How many frame rows this transformer has processed so far (diagnostics).</summary>
    public long FramesTracked => Interlocked.Read(ref _framesTracked);

    private protected override string NotRowToRowBecause => "TrackObjectFrames tracks each row from the rows before it";

    private protected override IEnumerable<(string Name, DataViewType Type)> OutputColumns
    {
        get
        {
            var (names, single, text) = (Options.Output, NumberDataViewType.Single, TextDataViewType.Instance);
            return
            [
                (names.BoxX, single), (names.BoxY, single), (names.BoxWidth, single), (names.BoxHeight, single), (names.Score, single),
                (names.Status, text), (names.Error, text),
            ];
        }
    }

    private protected override void CheckInput(DataViewSchema schema) => TrackFramesBinding.Bind(Options, schema);

    private protected override IDataView CreateDataView(IDataView input, DataViewSchema schema) =>
        new TrackedFramesDataView(this, input, TrackFramesBinding.Bind(Options, input.Schema), schema);

    internal ISiameseTracker CreateTracker() => Mapper.CreateTracker();

    internal void CountFrame() => Interlocked.Increment(ref _framesTracked);
}
