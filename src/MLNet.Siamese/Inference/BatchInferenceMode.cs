namespace MLNet.Siamese.Inference;

/// <summary>How search crops of many targets are sent to the model.</summary>
public enum BatchInferenceMode
{
    /// <summary>
    /// On a CUDA device, one call for many items when the search graphs take a dynamic batch (declared <c>-1</c>, or
    /// made so by rewriting a batch-1 export) and a probe shows the batched outputs equal per-item calls bit for bit;
    /// per-item calls otherwise, and always on the CPU, where they cost less per item.
    /// </summary>
    Auto,

    /// <summary>Batched calls, failing when the graphs cannot take a batch; small numeric differences are accepted.</summary>
    Batched,

    /// <summary>One call per item (per stream and target).</summary>
    PerItem,
}
