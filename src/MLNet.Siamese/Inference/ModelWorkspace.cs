using Microsoft.ML.OnnxRuntime;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Inference;

/// <summary>
/// Pre-allocated tensors of one tracked target: the exemplar and instance crops, the template features and every
/// graph output, each an array pinned behind an <see cref="OrtValue"/> created once, so a frame allocates nothing.
/// Not thread-safe (one per target); the model's sessions are shared.
/// </summary>
public sealed class ModelWorkspace : IDisposable, ITensorSlot
{
    private readonly SiameseModel _model;
    private readonly Dictionary<string, (float[] Data, OrtValue Value)> _tensors = new(StringComparer.Ordinal);
    private readonly GraphCall[] _template;
    private readonly GraphCall[] _search;
    private readonly RunOptions _runOptions = new();

    internal ModelWorkspace(SiameseModel model)
    {
        _model = model;
        // A dynamic batch holds one item, except on the search side of a response-map pack: one crop per scale.
        var templateSide = model.TemplateGraphs.SelectMany(g => g.Spec.Inputs.Concat(g.Spec.Outputs)).Select(t => t.Bind).ToHashSet();
        long searchBatch = model.Pack.Scales?.Count ?? 1;
        foreach (var g in model.TemplateGraphs.Concat(model.SearchGraphs))
            foreach (var t in g.Spec.Inputs.Concat(g.Spec.Outputs))
                if (!_tensors.ContainsKey(t.Bind))
                {
                    long batch = templateSide.Contains(t.Bind) ? 1 : searchBatch;
                    var shape = t.Shape.Select(d => d < 0 ? batch : d).ToArray();
                    var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
                    _tensors[t.Bind] = (data, OrtValue.CreateTensorValueFromMemory(data, shape));
                }
        _template = model.TemplateGraphs.Select(Call).ToArray();
        _search = model.SearchGraphs.Select(Call).ToArray();
    }

    /// <summary>The exemplar crop tensor (1×3×E×E) to fill before <see cref="EncodeTemplate"/>.</summary>
    public Span<float> Exemplar => Tensor(ManifestValidator.Exemplar);

    /// <summary>The search crop tensor (1×3×I×I) to fill before <see cref="Score"/>.</summary>
    public Span<float> Instance => Tensor(ManifestValidator.Instance);

    /// <summary>A pipeline tensor by its bind name (e.g. <c>cls</c>, <c>loc</c>, <c>zf</c>).</summary>
    /// <exception cref="KeyNotFoundException">No graph binds that name.</exception>
    internal Span<float> Tensor(string bind) =>
        _tensors.TryGetValue(bind, out var t) ? t.Data : throw new KeyNotFoundException($"model pack {_model.Pack.Name} has no tensor bound to \"{bind}\"");

    Span<float> ITensorSlot.Tensor(string bind) => Tensor(bind);

    /// <summary>The ONNX value behind a pipeline tensor (shares memory with <see cref="Tensor"/>).</summary>
    internal OrtValue Value(string bind) => _tensors[bind].Value;

    /// <summary>The model this workspace belongs to.</summary>
    internal SiameseModel Model => _model;

    /// <summary>True when some graph binds <paramref name="bind"/> (e.g. the optional <c>context</c> or <c>templateBox</c> inputs).</summary>
    internal bool Has(string bind) => _tensors.ContainsKey(bind);

    /// <summary>Runs the template graphs on <see cref="Exemplar"/>; their outputs stay cached for every later <see cref="Score"/>.</summary>
    public void EncodeTemplate() => Run(_template);

    /// <summary>Runs the search graphs on <see cref="Instance"/> and the cached template features.</summary>
    public void Score() => Run(_search);

    private void Run(GraphCall[] calls)
    {
        foreach (var c in calls)
        {
            try
            {
                c.Graph.Session.Run(_runOptions, c.Graph.InputNames, c.Inputs, c.Graph.OutputNames, c.Outputs);
            }
            catch (OnnxRuntimeException ex)
            {
                throw new ModelPackException(c.Graph.Spec.File, c.Graph.Spec.Field,
                    "inference failed (do the manifest shapes match what the graph computes?): " + ex.Message, ex);
            }
        }
    }

    private GraphCall Call(LoadedGraph g) => new(g,
        g.Spec.Inputs.Select(i => _tensors[i.Bind].Value).ToArray(),
        g.Spec.Outputs.Select(o => _tensors[o.Bind].Value).ToArray());

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Value.Dispose();
        _tensors.Clear();
        _runOptions.Dispose();
    }

    private sealed record GraphCall(LoadedGraph Graph, OrtValue[] Inputs, OrtValue[] Outputs);
}
