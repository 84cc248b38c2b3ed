namespace MLNet.Siamese.Models;

/// <summary>One ONNX graph of a pack, with the pipeline tensors its inputs and outputs are bound to.</summary>
public sealed class GraphSpec
{
    // Created by ManifestValidator only (set by name in its object initializer).
    internal GraphSpec()
    {
    }

    /// <summary>Absolute path of the ONNX file.</summary>
    public required string File { get; init; }

    /// <summary>The path as written in the manifest (relative to the pack folder).</summary>
    public required string RelativeFile { get; init; }

    /// <summary>Where the graph is declared in the manifest, e.g. <c>search[1]</c> (for error messages).</summary>
    public required string Field { get; init; }

    /// <summary>Graph inputs.</summary>
    public required IReadOnlyList<TensorBinding> Inputs { get; init; }

    /// <summary>Graph outputs.</summary>
    public required IReadOnlyList<TensorBinding> Outputs { get; init; }
}
