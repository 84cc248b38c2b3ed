using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Output;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.ML;

/// <summary>The frames-as-rows output: input columns passed through, per-frame track columns computed in order.</summary>
internal sealed class TrackedFramesDataView(TrackFramesTransformer owner, IDataView input, TrackFramesBinding binding, DataViewSchema schema) : IDataView
{
    public DataViewSchema Schema { get; } = schema;

    public bool CanShuffle => false; // rows of a group must be tracked in order

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var (inputColumns, activeOutputs) = AddedColumns.Split(input.Schema, Schema, columnsNeeded);
        bool tracking = activeOutputs.Any(a => a);
        return new Cursor(owner, Schema, input.GetRowCursor(tracking ? AddedColumns.With(inputColumns, binding.Columns) : inputColumns),
            activeOutputs, tracking ? binding : null);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)]; // one cursor: the trackers need the rows of a group in order

    private readonly record struct FrameResult(BoundingBox Box, float Score, string Status, string Error)
    {
        public static FrameResult Failed(string error) => new(new BoundingBox(float.NaN, float.NaN, float.NaN, float.NaN), float.NaN, "error", error);
    }

    private sealed class GroupState : IDisposable
    {
        public ISiameseTracker? Tracker;
        public double? LastFrame;
        public long Count;
        public string? Failure;

        public void Dispose() => Tracker?.Dispose();
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly TrackFramesTransformer _owner;
        private readonly DataViewRowCursor _input;
        private readonly bool[] _activeOutputs;
        private readonly TrackFramesBinding.RowReader? _reader;
        private readonly Dictionary<string, GroupState> _groups = new(StringComparer.Ordinal);
        private FrameResult? _current;

        public Cursor(TrackFramesTransformer owner, DataViewSchema schema, DataViewRowCursor input, bool[] activeOutputs, TrackFramesBinding? binding)
        {
            _owner = owner;
            Schema = schema;
            _input = input;
            _activeOutputs = activeOutputs;
            _reader = binding?.CreateReader(input);
        }

        public override DataViewSchema Schema { get; }

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        private int InputCount => _input.Schema.Count;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < InputCount ? _input.IsColumnActive(_input.Schema[column.Index]) : _activeOutputs[column.Index - InputCount];

        public override bool MoveNext()
        {
            // Every row must reach its group's tracker, read or not: track the row being left if nobody read it.
            if (_reader is not null && _input.Position >= 0 && _current is null) _current = Process();
            _current = null;
            return _input.MoveNext();
        }

        private FrameResult Current() => _current ??= Process();

        private FrameResult Process()
        {
            var reader = _reader!;
            string key = reader.Group();
            double? position = reader.FramePosition();
            if (!_groups.TryGetValue(key, out var group)) _groups[key] = group = new GroupState();
            if (group.Failure is not null) return FrameResult.Failed(group.Failure);
            if (position is { } p && group.LastFrame is { } last && !(p > last))
                return FrameResult.Failed(string.Create(CultureInfo.InvariantCulture,
                    $"TrackObjectFrames: group '{key}': frame {p} does not come after frame {last}; rows of a group must be in frame order"));
            try
            {
                using var frame = reader.Frame.Image(group.Count);
                _owner.CountFrame();
                FrameResult result;
                if (group.Tracker is null)
                {
                    var (box, error) = reader.Frame.Box();
                    if (error is not null)
                    {
                        group.Failure = $"TrackObjectFrames: group '{key}': first frame: {error}";
                        return FrameResult.Failed(group.Failure);
                    }
                    var tracker = _owner.CreateTracker();
                    try
                    {
                        tracker.Init(frame, box);
                    }
                    catch
                    {
                        tracker.Dispose();
                        throw;
                    }
                    group.Tracker = tracker;
                    result = new FrameResult(box, 1f, TrackStatusNames.Of(TrackStatus.Init), "");
                }
                else
                {
                    var tracked = group.Tracker.Track(frame);
                    result = new FrameResult(tracked.Box, tracked.Score, TrackStatusNames.Of(tracked.Found ? TrackStatus.Tracked : TrackStatus.Lost), "");
                }
                group.LastFrame = position ?? group.LastFrame;
                group.Count++;
                return result;
            }
            catch (SiameseException ex)
            {
                if (group.Tracker is null) group.Failure = $"TrackObjectFrames: group '{key}': first frame: {ex.Message}";
                return FrameResult.Failed(group.Failure ?? $"TrackObjectFrames: group '{key}': {ex.Message}");
            }
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < InputCount) return _input.GetGetter<TValue>(_input.Schema[column.Index]);
            int output = column.Index - InputCount;
            if (!_activeOutputs[output])
                throw new InvalidOperationException($"TrackObjectFrames: column '{column.Name}' was not requested when the cursor was created");
            Delegate getter = output switch
            {
                0 => (ValueGetter<float>)((ref float v) => v = (float)Current().Box.X),
                1 => (ValueGetter<float>)((ref float v) => v = (float)Current().Box.Y),
                2 => (ValueGetter<float>)((ref float v) => v = (float)Current().Box.Width),
                3 => (ValueGetter<float>)((ref float v) => v = (float)Current().Box.Height),
                4 => (ValueGetter<float>)((ref float v) => v = Current().Score),
                5 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = Current().Status.AsMemory()),
                6 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = Current().Error.AsMemory()),
                _ => throw new ArgumentOutOfRangeException(nameof(column)),
            };
            return getter as ValueGetter<TValue>
                   ?? throw new InvalidOperationException($"TrackObjectFrames: column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                foreach (var g in _groups.Values) g.Dispose();
                _groups.Clear();
                _input.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
