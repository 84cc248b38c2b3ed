using MLNet.Siamese.Models;

namespace MLNet.Siamese.Inference;

/// <summary>
/// The search graphs of a <see cref="SiameseModel"/> made ready for many items per call. Graphs are never edited
/// here: a pack whose search tensors all declare a dynamic batch (<c>-1</c>; <c>siamese pack</c> and the Python
/// export write them so where the graphs allow it) runs batches on the model's own sessions, after a probe compares a
/// batched call with per-item calls; any other pack runs one call per item (and refuses
/// <see cref="BatchInferenceMode.Batched"/>, naming the graph and tensor with batch 1).
/// </summary>
internal sealed class BatchSearchModel(SiameseModel model, IReadOnlyList<LoadedGraph> graphs, bool batched, string description) : IDisposable
{
    private const int ProbeItems = 3;

    /// <summary>The model whose search graphs these are.</summary>
    public SiameseModel Model { get; } = model;

    /// <summary>True when a batch runs as one call per graph.</summary>
    public bool IsBatched { get; } = batched;

    /// <summary>How items are run, and why (for run summaries).</summary>
    public string Description { get; } = description;

    /// <summary>Prepares batched search calls for <paramref name="model"/> as <paramref name="mode"/> asks.</summary>
    /// <param name="model">The loaded model.</param>
    /// <param name="mode">Batched, per-item, or decided by probing (<see cref="BatchInferenceMode.Auto"/>).</param>
    /// <exception cref="ModelPackException"><see cref="BatchInferenceMode.Batched"/> was asked for and the graphs cannot take a batch.</exception>
    public static BatchSearchModel Open(SiameseModel model, BatchInferenceMode mode)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (mode == BatchInferenceMode.PerItem)
            return PerItem(model, "per-item calls (batching disabled)");

        if (FixedBatch(model.Pack) is { } fixedBatch)
        {
            string why = $"{Path.GetFileName(fixedBatch.Graph.File)} ({fixedBatch.Graph.Field}) declares batch 1 for \"{fixedBatch.Tensor.OnnxName}\"";
            if (mode == BatchInferenceMode.Batched)
                throw new ModelPackException(model.Pack.ManifestPath, "search",
                    $"cannot batch the search graphs: {why}. 'siamese pack' and the Python export declare a batch wherever the graphs " +
                    "can take one (checked against per-item calls); for a pack made by an older version, re-run them");
            return PerItem(model, $"per-item calls: the pack's search graphs take one item per call ({why})");
        }
        var (equal, difference, failure) = ProbeOrExplain(model);
        if (failure is not null)
        {
            if (mode == BatchInferenceMode.Batched)
                throw new ModelPackException(model.Pack.ManifestPath, "search", "cannot batch the search graphs: " + failure.Message, failure);
            return PerItem(model, "per-item calls: the search graphs do not take a batch (" + failure.Message + ")");
        }
        if (equal && mode == BatchInferenceMode.Auto && !model.Device.IsCuda)
        {
            // Same numbers either way; on a CPU the activations of a whole batch fall out of cache and each item
            // costs more than in a call of its own (NanoTrack v2 here: +15-20% per item at 4-8 items).
            return PerItem(model, "per-item calls: faster than batches on the CPU (batched calls work: the pack declares a dynamic batch; bit-identical; --batching on to use them)");
        }
        if (equal || (mode == BatchInferenceMode.Batched && difference <= 1e-3))
            return new BatchSearchModel(model, model.SearchGraphs, true,
                $"batched calls (the pack declares a dynamic batch; probe vs per-item calls: {(equal ? "bit-identical" : $"max difference {difference:g3}")})");
        string reason = $"a batched call differs from per-item calls by up to {difference:g3}";
        if (mode == BatchInferenceMode.Batched)
            throw new ModelPackException(model.Pack.ManifestPath, "search", "cannot batch the search graphs: " + reason);
        return PerItem(model, "per-item calls: " + reason);
    }

    /// <summary>The first search tensor whose manifest shape fixes the batch, or null when all declare a dynamic one.</summary>
    private static (GraphSpec Graph, TensorBinding Tensor)? FixedBatch(ModelPack pack)
    {
        foreach (var g in pack.SearchGraphs)
            foreach (var t in g.Inputs.Concat(g.Outputs))
                if (t.Shape[0] >= 0) return (g, t);
        return null;
    }

    /// <summary>Allocates tensors for up to <paramref name="capacity"/> items.</summary>
    public SearchBatch CreateBatch(int capacity) => new(graphs, IsBatched, capacity);

    /// <inheritdoc />
    public void Dispose()
    {
        // The sessions are the model's: nothing of its own to release.
    }

    private static BatchSearchModel PerItem(SiameseModel model, string description) =>
        new(model, model.SearchGraphs, false, description);

    /// <summary>
    /// <see cref="Probe"/>, with a batched call that ONNX Runtime rejects turned into one line naming the graph
    /// (ONNX Runtime's own message stays in the inner exception, out of the user's output).
    /// </summary>
    private static (bool Equal, double MaxDifference, ProbeFailure? Failure) ProbeOrExplain(SiameseModel model)
    {
        try
        {
            var (equal, difference) = Probe(model.SearchGraphs, model.SearchGraphs);
            return (equal, difference, null);
        }
        catch (ModelPackException ex) when (ex.InnerException is Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            return (false, double.PositiveInfinity, new ProbeFailure(
                $"{Path.GetFileName(ex.Path)} ({ex.Field}) fails on a batch of {ProbeItems} items in ONNX Runtime, " +
                "so its graph computes for one item per call (e.g. a batch folded into convolution groups or a reshape to batch 1)", ex));
        }
    }

    /// <summary>Why a batched probe call failed, with ONNX Runtime's error inside.</summary>
    private sealed class ProbeFailure(string message, Exception inner) : Exception(message, inner);

    /// <summary>
    /// Runs the same pseudo-random items as one batch of 3, one of 2 and one call each, and returns whether every output
    /// agrees bit for bit (so results cannot depend on which items happen to share a batch) and the largest difference.
    /// </summary>
    private static (bool Equal, double MaxDifference) Probe(IReadOnlyList<LoadedGraph> batched, IReadOnlyList<LoadedGraph> single)
    {
        using var b = new SearchBatch(batched, true, ProbeItems);
        using var s = new SearchBatch(single, false, ProbeItems);
        var produced = Fill(b, s, single, ProbeItems);
        s.Run(ProbeItems);
        double worst = 0;
        bool equal = true;
        foreach (int count in new[] { ProbeItems, 2 })
        {
            b.Run(count);
            for (int i = 0; i < count; i++)
                foreach (var bind in produced)
                {
                    var x = b.Item(i).Tensor(bind);
                    var y = s.Item(i).Tensor(bind);
                    for (int k = 0; k < x.Length; k++)
                    {
                        if (BitConverter.SingleToInt32Bits(x[k]) == BitConverter.SingleToInt32Bits(y[k])) continue;
                        equal = false;
                        double d = Math.Abs((double)x[k] - y[k]);
                        worst = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(worst, d);
                    }
                }
        }
        return (equal, worst);
    }

    /// <summary>Fills the external inputs of items 0..count-1 of both batches with the same pseudo-random values; returns the output binds.</summary>
    private static HashSet<string> Fill(SearchBatch b, SearchBatch s, IReadOnlyList<LoadedGraph> graphs, int count)
    {
        var produced = graphs.SelectMany(g => g.Spec.Outputs).Select(t => t.Bind).ToHashSet(StringComparer.Ordinal);
        var inputs = graphs.SelectMany(g => g.Spec.Inputs).Select(t => t.Bind).Where(n => !produced.Contains(n)).Distinct().ToList();
        uint seed = 12345;
        foreach (var bind in inputs)
            for (int i = 0; i < count; i++)
            {
                var x = b.Item(i).Tensor(bind);
                for (int k = 0; k < x.Length; k++)
                {
                    seed = seed * 1664525 + 1013904223;
                    float unit = (seed >> 8) / 16777216f;
                    x[k] = bind == ManifestValidator.Instance ? MathF.Floor(unit * 256) : unit * 2 - 1;
                }
                x.CopyTo(s.Item(i).Tensor(bind));
            }
        return produced;
    }
}
