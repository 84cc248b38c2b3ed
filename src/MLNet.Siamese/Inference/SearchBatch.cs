using Microsoft.ML.OnnxRuntime;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Inference;

/// <summary>
/// Tensors for up to <see cref="Capacity"/> search items (instance crops, cached template tensors, every search-graph
/// output), stacked along the batch dimension, and the calls that fill the outputs: one call per graph for all items
/// when the sessions take a dynamic batch, one call per item otherwise. Arrays are pinned behind
/// <see cref="OrtValue"/>s created on first use of each item count, so steady state allocates nothing.
/// Used by one thread at a time.
/// </summary>
internal sealed class SearchBatch : IDisposable
{
    private readonly IReadOnlyList<LoadedGraph> _graphs;
    private readonly Dictionary<string, (float[] Data, int PerItem, long[] ItemShape)> _tensors = new(StringComparer.Ordinal);
    private readonly ItemView[] _items;
    private readonly GraphCall[]?[] _batchCalls;
    private readonly GraphCall[]?[] _itemCalls;
    private readonly List<OrtValue> _values = [];
    private readonly RunOptions _runOptions = new();

    public SearchBatch(IReadOnlyList<LoadedGraph> graphs, bool batched, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _graphs = graphs;
        IsBatched = batched;
        Capacity = capacity;
        foreach (var t in graphs.SelectMany(g => g.Spec.Inputs.Concat(g.Spec.Outputs)))
        {
            if (_tensors.ContainsKey(t.Bind)) continue;
            var shape = t.Shape.Select(d => d < 0 ? 1L : d).ToArray();
            int perItem = checked((int)t.ElementsPerItem);
            _tensors[t.Bind] = (new float[checked(perItem * capacity)], perItem, shape);
        }
        _items = Enumerable.Range(0, capacity).Select(i => new ItemView(this, i)).ToArray();
        _batchCalls = new GraphCall[]?[capacity + 1];
        _itemCalls = new GraphCall[]?[capacity];
    }

    /// <summary>Most items one <see cref="Run"/> handles.</summary>
    public int Capacity { get; }

    /// <summary>True when <see cref="Run"/> makes one call per graph for all items.</summary>
    public bool IsBatched { get; }

    /// <summary>The tensors of item <paramref name="index"/>.</summary>
    public ITensorSlot Item(int index) => _items[index];

    /// <summary>Runs the search graphs on items 0..<paramref name="count"/>-1.</summary>
    /// <exception cref="ModelPackException">ONNX Runtime rejected a call.</exception>
    public void Run(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Capacity);
        if (IsBatched)
        {
            RunCalls(_batchCalls[count] ??= Calls(0, count));
            return;
        }
        for (int i = 0; i < count; i++) RunCalls(_itemCalls[i] ??= Calls(i, 1));
    }

    private void RunCalls(GraphCall[] calls)
    {
        foreach (var c in calls)
        {
            try
            {
                c.Graph.Session.Run(_runOptions, c.Graph.InputNames, c.Inputs, c.Graph.OutputNames, c.Outputs);
            }
            catch (OnnxRuntimeException ex)
            {
                throw new ModelPackException(c.Graph.Spec.File, c.Graph.Spec.Field, "batched search inference failed: " + ex.Message, ex);
            }
        }
    }

    /// <summary>The graph calls over items <paramref name="first"/>..first+<paramref name="count"/>-1 as one batch.</summary>
    private GraphCall[] Calls(int first, int count) => _graphs.Select(g => new GraphCall(g,
        g.Spec.Inputs.Select(t => Value(t.Bind, first, count)).ToArray(),
        g.Spec.Outputs.Select(t => Value(t.Bind, first, count)).ToArray())).ToArray();

    private OrtValue Value(string bind, int first, int count)
    {
        var (data, perItem, itemShape) = _tensors[bind];
        var shape = (long[])itemShape.Clone();
        shape[0] = count;
        var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            new Memory<float>(data, first * perItem, count * perItem), shape);
        _values.Add(value);
        return value;
    }

    private Span<float> Tensor(string bind, int index)
    {
        if (!_tensors.TryGetValue(bind, out var t)) throw new KeyNotFoundException($"no search tensor is bound to \"{bind}\"");
        return t.Data.AsSpan(index * t.PerItem, t.PerItem);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var v in _values) v.Dispose();
        _values.Clear();
        _runOptions.Dispose();
    }

    private sealed record GraphCall(LoadedGraph Graph, OrtValue[] Inputs, OrtValue[] Outputs);

    private sealed class ItemView(SearchBatch batch, int index) : ITensorSlot
    {
        public Span<float> Tensor(string bind) => batch.Tensor(bind, index);
    }
}
