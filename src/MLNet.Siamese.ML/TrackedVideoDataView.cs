using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.Mapping;
using MLNet.Siamese.Output;

namespace MLNet.Siamese.ML;

/// <summary>
/// TrackObject's output: the input columns passed through plus the track columns, computed lazily. A cursor with no
/// output column active is the input cursor as it is; otherwise the first read of an output column starts tracking
/// that row and the next <see cref="TrackObjectOptions.MaxParallelism"/> − 1 rows (read by a second cursor over the
/// tracker's input columns only), so rows are tracked in parallel while the consumer reads them in order.
/// </summary>
internal sealed class TrackedVideoDataView(TrackObjectTransformer owner, IDataView input, TrackObjectBinding binding, DataViewSchema schema) : IDataView
{
    public DataViewSchema Schema { get; } = schema;

    public bool CanShuffle => false; // the read-ahead cursor must see the rows in the same order

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var (inputColumns, activeOutputs) = AddedColumns.Split(input.Schema, Schema, columnsNeeded);
        var inputCursor = input.GetRowCursor(inputColumns);
        if (!activeOutputs.Any(a => a)) return new PassThroughCursor(Schema, inputCursor);
        return new TrackedVideoCursor(Schema, inputCursor, activeOutputs, new ReadAhead(owner, input, binding));
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)]; // parallelism is inside the cursor (the worker pool), not across cursors

    /// <summary>Reads ahead of the consumer's cursor and tracks rows on the owner's worker pool.</summary>
    internal sealed class ReadAhead(TrackObjectTransformer owner, IDataView input, TrackObjectBinding binding) : IDisposable
    {
        private readonly Queue<(long Position, DataViewRowId Id, Task<VideoTrackResult> Result)> _pending = new();
        private readonly CancellationTokenSource _cancel = new();
        private DataViewRowCursor? _cursor;
        private Func<TrackRequestOrError>? _read;
        private ValueGetter<DataViewRowId>? _id;
        private long _next; // position the read-ahead cursor would read next

        public VideoTrackResult Get(long position, DataViewRowId id)
        {
            if (_cursor is null)
            {
                _cursor = input.GetRowCursor(binding.Columns);
                _read = binding.CreateReader(_cursor);
                _id = _cursor.GetIdGetter();
            }
            while (_pending.Count > 0 && _pending.Peek().Position < position) _pending.Dequeue();
            long until = position + owner.Options.MaxParallelism - 1;
            while (_next <= until && _cursor.MoveNext())
            {
                long p = _next++;
                if (p < position) continue; // rows whose outputs were never read are not tracked
                DataViewRowId rowId = default;
                _id!(ref rowId);
                var row = _read!();
                var task = row.Request is { } request ? owner.TrackAsync(request, _cancel.Token) : Task.FromResult(row.Error!);
                _pending.Enqueue((p, rowId, task));
            }
            if (_pending.Count == 0 || _pending.Peek().Position != position)
                throw new InvalidOperationException($"TrackObject: the input has no row {position} for the read-ahead cursor: " +
                                                    "the input data view must give every cursor the same rows (cache it with mlContext.Data.Cache)");
            var head = _pending.Peek();
            if (!head.Id.Equals(id))
                throw new InvalidOperationException("TrackObject: the input data view gave two cursors different rows; it must be " +
                                                    "deterministic (cache it with mlContext.Data.Cache)");
            return head.Result.GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            _cancel.Cancel();
            foreach (var (_, _, task) in _pending)
            {
                try { task.Wait(); }
                catch (AggregateException) { } // cancelled or failed rows nobody reads any more
            }
            _pending.Clear();
            _cursor?.Dispose();
            _cancel.Dispose();
        }
    }

    private class PassThroughCursor(DataViewSchema schema, DataViewRowCursor input) : DataViewRowCursor
    {
        protected DataViewRowCursor Input { get; } = input;

        protected int InputCount => Input.Schema.Count;

        public override DataViewSchema Schema { get; } = schema;

        public override long Position => Input.Position;

        public override long Batch => Input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => Input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < InputCount ? Input.IsColumnActive(Input.Schema[column.Index]) : IsOutputActive(column.Index - InputCount);

        protected virtual bool IsOutputActive(int output) => false;

        public override bool MoveNext() => Input.MoveNext();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < InputCount) return Input.GetGetter<TValue>(Input.Schema[column.Index]);
            return OutputGetter<TValue>(column);
        }

        protected virtual ValueGetter<TValue> OutputGetter<TValue>(DataViewSchema.Column column) =>
            throw new InvalidOperationException($"TrackObject: column '{column.Name}' was not requested when the cursor was created");

        protected override void Dispose(bool disposing)
        {
            if (disposing) Input.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class TrackedVideoCursor(DataViewSchema schema, DataViewRowCursor input, bool[] activeOutputs, ReadAhead readAhead)
        : PassThroughCursor(schema, input)
    {
        private readonly ValueGetter<DataViewRowId> _id = input.GetIdGetter();
        private VideoTrackResult? _current;
        private long _currentPosition = -1;

        protected override bool IsOutputActive(int output) => activeOutputs[output];

        public override bool MoveNext()
        {
            _current = null;
            return Input.MoveNext();
        }

        private VideoTrackResult Current()
        {
            if (_current is not null && _currentPosition == Position) return _current;
            if (Position < 0) throw new InvalidOperationException("TrackObject: the cursor is not on a row (call MoveNext first)");
            DataViewRowId id = default;
            _id(ref id);
            _current = readAhead.Get(Position, id);
            _currentPosition = Position;
            return _current;
        }

        protected override ValueGetter<TValue> OutputGetter<TValue>(DataViewSchema.Column column)
        {
            int output = column.Index - InputCount;
            if (!activeOutputs[output]) return base.OutputGetter<TValue>(column);
            Delegate getter = output switch
            {
                0 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = Current().Status.AsMemory()),
                1 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = (Current().Error ?? "").AsMemory()),
                2 => (ValueGetter<int>)((ref int v) => v = Current().Records.Count),
                3 => (ValueGetter<VBuffer<long>>)((ref VBuffer<long> v) => Fill(ref v, Current(), r => r.FrameIndex)),
                4 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => Fill(ref v, Current(), r => (float)r.Box.X)),
                5 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => Fill(ref v, Current(), r => (float)r.Box.Y)),
                6 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => Fill(ref v, Current(), r => (float)r.Box.Width)),
                7 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => Fill(ref v, Current(), r => (float)r.Box.Height)),
                8 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => Fill(ref v, Current(), r => r.Score)),
                9 => (ValueGetter<VBuffer<bool>>)((ref VBuffer<bool> v) => Fill(ref v, Current(), r => r.Status != TrackStatus.Lost)),
                _ => throw new ArgumentOutOfRangeException(nameof(column)),
            };
            return getter as ValueGetter<TValue>
                   ?? throw new InvalidOperationException($"TrackObject: column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}");
        }

        private static void Fill<T>(ref VBuffer<T> value, VideoTrackResult result, Func<MLNet.Siamese.Output.TrackRecord, T> select)
        {
            var records = result.Records;
            var editor = VBufferEditor.Create(ref value, records.Count);
            for (int i = 0; i < records.Count; i++) editor.Values[i] = select(records[i]);
            value = editor.Commit();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) readAhead.Dispose();
            base.Dispose(disposing);
        }
    }
}
