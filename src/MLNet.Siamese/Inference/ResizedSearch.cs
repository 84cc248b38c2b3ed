using Microsoft.ML.OnnxRuntime;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Inference;

/// <summary>
/// Runs a workspace's search graphs on a search crop of another size than the manifest's (pysot's long-term mode
/// searches an 831 crop while the target is lost). The graphs must accept that size (symbolic spatial dims, see
/// training/EXPORT.md); intermediate and output shapes follow from it, so ONNX Runtime allocates the outputs, which
/// are copied into arrays kept between calls. Only used while lost, so the allocation per call is acceptable.
/// </summary>
internal sealed class ResizedSearch : IDisposable
{
    private readonly ModelWorkspace _workspace;
    private readonly float[] _instance;
    private readonly OrtValue _instanceValue;
    private readonly Dictionary<string, float[]> _outputs = new(StringComparer.Ordinal);
    private readonly RunOptions _runOptions = new();

    public ResizedSearch(ModelWorkspace workspace, int instanceSize)
    {
        _workspace = workspace;
        InstanceSize = instanceSize;
        _instance = new float[3 * instanceSize * instanceSize];
        _instanceValue = OrtValue.CreateTensorValueFromMemory(_instance, [1, 3, instanceSize, instanceSize]);
    }

    /// <summary>Side of the search crop.</summary>
    public int InstanceSize { get; }

    /// <summary>The search crop to fill before <see cref="Score"/>.</summary>
    public Span<float> Instance => _instance;

    /// <summary>An output of the last <see cref="Score"/> by bind name.</summary>
    public ReadOnlySpan<float> Output(string bind) => _outputs[bind];

    /// <summary>Runs the search graphs; template features come from the workspace.</summary>
    public void Score()
    {
        var produced = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        try
        {
            foreach (var g in _workspace.Model.SearchGraphs)
            {
                var inputs = g.Spec.Inputs.Select(i =>
                    i.Bind == ManifestValidator.Instance ? _instanceValue
                    : produced.TryGetValue(i.Bind, out var v) ? v : _workspace.Value(i.Bind)).ToArray();
                using var results = Run(g, inputs);
                for (int k = 0; k < g.Spec.Outputs.Count; k++)
                {
                    // Copy out: the results collection owns its values.
                    var data = results[k].GetTensorDataAsSpan<float>();
                    var shape = results[k].GetTensorTypeAndShape().Shape;
                    var copy = data.ToArray();
                    produced[g.Spec.Outputs[k].Bind] = OrtValue.CreateTensorValueFromMemory(copy, shape);
                    _outputs[g.Spec.Outputs[k].Bind] = copy;
                }
            }
        }
        finally
        {
            foreach (var v in produced.Values) v.Dispose();
        }
    }

    private IDisposableReadOnlyCollection<OrtValue> Run(LoadedGraph g, OrtValue[] inputs)
    {
        try
        {
            return g.Session.Run(_runOptions, g.InputNames, inputs, g.OutputNames);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelPackException(g.Spec.File, g.Spec.Field,
                $"the search graph does not accept a {InstanceSize}x{InstanceSize} crop (long-term mode needs symbolic spatial dims): {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        _instanceValue.Dispose();
        _runOptions.Dispose();
    }
}
