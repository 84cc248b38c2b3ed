using MLNet.Siamese.Models;

namespace MLNet.Siamese.Inference;

/// <summary>
/// The ONNX sessions of a model pack. Sessions are shared and thread-safe; per-target tensors (crops, template
/// features, outputs) live in a <see cref="ModelWorkspace"/> created with <see cref="CreateWorkspace"/>.
/// </summary>
public sealed class SiameseModel : IDisposable
{
    private readonly List<LoadedGraph> _all;

    private SiameseModel(ModelPack pack, List<LoadedGraph> template, List<LoadedGraph> search, InferenceOptions options)
    {
        Pack = pack;
        Options = options;
        TemplateGraphs = template;
        SearchGraphs = search;
        _all = template.Concat(search).ToList();
        Device = _all.All(g => g.Device.IsCuda) ? _all[0].Device : ExecutionDevice.Cpu;
        var templateOutputs = pack.TemplateGraphs.SelectMany(g => g.Outputs).Select(o => o.Bind).ToHashSet(StringComparer.Ordinal);
        CachedTemplateBinds = pack.SearchGraphs.SelectMany(g => g.Inputs).Select(i => i.Bind)
            .Where(templateOutputs.Contains).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The pack this model was loaded from.</summary>
    public ModelPack Pack { get; }

    /// <summary>The device the sessions actually run on (CPU after a CUDA fallback).</summary>
    public ExecutionDevice Device { get; }

    internal IReadOnlyList<LoadedGraph> TemplateGraphs { get; }
    internal IReadOnlyList<LoadedGraph> SearchGraphs { get; }

    /// <summary>The options the sessions were opened with (after any CUDA fallback), for sessions opened later.</summary>
    internal InferenceOptions Options { get; }

    /// <summary>Template outputs the search graphs read (e.g. <c>zf</c>): what a target carries from its template.</summary>
    internal IReadOnlyList<string> CachedTemplateBinds { get; }

    /// <summary>Loads the pack at <paramref name="packPath"/> and opens its sessions.</summary>
    /// <exception cref="ModelPackException">The pack or one of its ONNX files is invalid.</exception>
    public static SiameseModel Load(string packPath, InferenceOptions? options = null) => Load(ModelPack.Load(packPath), options);

    /// <summary>
    /// Opens the sessions of <paramref name="pack"/>, checking every binding against the ONNX metadata, then runs the
    /// graphs once on zero crops of the manifest's sizes and checks every output shape (the geometry check).
    /// </summary>
    /// <exception cref="ModelPackException">An ONNX file is invalid, disagrees with the manifest, or cannot take the
    /// manifest's crop sizes (the message names the field, e.g. <c>input.instanceSize</c>, and the graph file).</exception>
    public static SiameseModel Load(ModelPack pack, InferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pack);
        options ??= new InferenceOptions();
        var opened = new List<LoadedGraph>();
        try
        {
            // The same file may serve several graphs (a backbone for both crops): each gets its own session
            // because their input shapes differ.
            var template = pack.TemplateGraphs.Select(g => Track(LoadedGraph.Open(g, options))).ToList();
            var search = pack.SearchGraphs.Select(g => Track(LoadedGraph.Open(g, options))).ToList();
            PackGeometryCheck.Run(pack, template, search);
            return new SiameseModel(pack, template, search, options);
        }
        catch
        {
            foreach (var g in opened) g.Dispose();
            throw;
        }

        LoadedGraph Track(LoadedGraph g)
        {
            opened.Add(g);
            // One CUDA fallback (and one warning) per model: the remaining graphs go straight to the CPU.
            if (options.Device.IsCuda && !g.Device.IsCuda) options = options with { Device = ExecutionDevice.Cpu };
            return g;
        }
    }

    /// <summary>Allocates the tensors one tracked target needs (reused for every frame).</summary>
    public ModelWorkspace CreateWorkspace() => new(this);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var g in _all) g.Dispose();
    }
}
