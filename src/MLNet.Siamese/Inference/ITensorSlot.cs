namespace MLNet.Siamese.Inference;

/// <summary>
/// The pipeline tensors of one search item, by bind name: a target's own <see cref="ModelWorkspace"/>, or one item of a
/// batch. Lets the tracker crop into, and decode from, wherever the model call happens.
/// </summary>
internal interface ITensorSlot
{
    /// <summary>The tensor bound to <paramref name="bind"/> (one item's worth of values).</summary>
    Span<float> Tensor(string bind);
}
