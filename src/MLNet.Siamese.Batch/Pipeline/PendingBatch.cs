using MLNet.Siamese.Inference;

namespace MLNet.Siamese.Batch;

/// <summary>A <see cref="SearchBatch"/> being filled or run, with which request and target each item belongs to.</summary>
internal sealed class PendingBatch(SearchBatch search) : IDisposable
{
    private readonly (StepRequest Request, int Target, double ScaleZ)[] _items = new (StepRequest, int, double)[search.Capacity];

    public SearchBatch Search { get; } = search;

    public int Count { get; private set; }

    public bool IsFull => Count == Search.Capacity;

    /// <summary>The tensors of the next free item.</summary>
    public ITensorSlot NextItem => Search.Item(Count);

    public void Add(StepRequest request, int target, double scaleZ) => _items[Count++] = (request, target, scaleZ);

    public (StepRequest Request, int Target, double ScaleZ) this[int index] => _items[index];

    public void Clear()
    {
        Array.Clear(_items, 0, Count);
        Count = 0;
    }

    public void Dispose() => Search.Dispose();
}
