using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Inference;

/// <summary>An ONNX session for one <see cref="GraphSpec"/>, checked against the manifest's bindings. Thread-safe to run.</summary>
internal sealed class LoadedGraph : IDisposable
{
    private LoadedGraph(GraphSpec spec, InferenceSession session, ExecutionDevice device)
    {
        Spec = spec;
        Session = session;
        Device = device;
        InputNames = spec.Inputs.Select(i => i.OnnxName).ToArray();
        OutputNames = spec.Outputs.Select(o => o.OnnxName).ToArray();
    }

    public GraphSpec Spec { get; }
    public InferenceSession Session { get; }
    public ExecutionDevice Device { get; }
    public string[] InputNames { get; }
    public string[] OutputNames { get; }

    /// <summary>
    /// Reads the ONNX file, opens the session and checks shapes. The graph loads as it is: edits (symbolic spatial
    /// dims, a batch) are made once when the pack is written (<c>siamese pack</c>, the Python export).
    /// </summary>
    /// <param name="spec">The graph to open.</param>
    /// <param name="options">Device and threads.</param>
    /// <exception cref="ModelPackException">Unreadable or invalid ONNX, or a binding that disagrees with the graph.</exception>
    public static LoadedGraph Open(GraphSpec spec, InferenceOptions options)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(spec.File);
        }
        catch (IOException ex)
        {
            throw new ModelPackException(spec.File, spec.Field + ".file", "cannot read ONNX file: " + ex.Message, ex);
        }
        InferenceSession session;
        ExecutionDevice device;
        try
        {
            (session, device) = OnnxSessionFactory.Create(bytes, options, Path.GetFileName(spec.File));
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelPackException(spec.File, spec.Field + ".file", "ONNX Runtime cannot load the model: " + ex.Message, ex);
        }
        try
        {
            Check(spec, spec.Inputs, session.InputMetadata, "inputs");
            Check(spec, spec.Outputs, session.OutputMetadata, "outputs");
        }
        catch
        {
            session.Dispose();
            throw;
        }
        return new LoadedGraph(spec, session, device);
    }

    private static void Check(GraphSpec spec, IReadOnlyList<TensorBinding> bindings, IReadOnlyDictionary<string, NodeMetadata> metadata, string kind)
    {
        for (int i = 0; i < bindings.Count; i++)
        {
            var b = bindings[i];
            string field = $"{spec.Field}.{kind}[{i}]";
            if (!metadata.TryGetValue(b.OnnxName, out var meta))
                throw new ModelPackException(spec.File, field + ".name",
                    $"the ONNX graph has no {kind[..^1]} \"{b.OnnxName}\"; it has: {string.Join(", ", metadata.Keys)}");
            if (!meta.IsTensor || meta.ElementDataType != TensorElementType.Float)
                throw new ModelPackException(spec.File, field + ".name", $"\"{b.OnnxName}\" is not a float32 tensor");
            var dims = meta.Dimensions;
            bool ok = dims.Length == b.Shape.Count;
            for (int d = 0; ok && d < dims.Length; d++)
                ok = dims[d] < 0 || b.Shape[d] < 0 || dims[d] == b.Shape[d];
            if (!ok)
                throw new ModelPackException(spec.File, field + ".shape",
                    $"manifest shape [{string.Join(", ", b.Shape)}] disagrees with the ONNX metadata [{string.Join(", ", dims.Select(d => d < 0 ? "?" : d.ToString()))}]"
                    + " (a graph exported at another size needs symbolic dimensions in the file: re-export it, or re-run 'siamese pack')");
        }
    }

    public void Dispose() => Session.Dispose();
}
