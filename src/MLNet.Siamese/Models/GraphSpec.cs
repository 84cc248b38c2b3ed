namespace MLNet.Siamese.Models;

/// <summary>One ONNX graph of a pack, with the pipeline tensors its inputs and outputs are bound to.</summary>
public sealed class GraphSpec
{
    internal GraphSpec(string file, string relativeFile, string field, IReadOnlyList<TensorBinding> inputs, IReadOnlyList<TensorBinding> outputs)
    {
        File = file;
        RelativeFile = relativeFile;
        Field = field;
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>Absolute path of the ONNX file.</summary>
    public string File { get; }

    /// <summary>The path as written in the manifest (relative to the pack folder).</summary>
    public string RelativeFile { get; }

    /// <summary>Where the graph is declared in the manifest, e.g. <c>search[1]</c> (for error messages).</summary>
    public string Field { get; }

    /// <summary>Graph inputs.</summary>
    public IReadOnlyList<TensorBinding> Inputs { get; }

    /// <summary>Graph outputs.</summary>
    public IReadOnlyList<TensorBinding> Outputs { get; }
}
