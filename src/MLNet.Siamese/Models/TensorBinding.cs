namespace MLNet.Siamese.Models;

/// <summary>
/// Connects an ONNX graph input or output (<see cref="OnnxName"/>) to a named tensor of the tracking pipeline
/// (<see cref="Bind"/>): the crops <c>exemplar</c> and <c>instance</c>, or a tensor produced by an earlier graph
/// (e.g. template features <c>zf</c>); the decoder reads the outputs it needs (<c>cls</c>, <c>loc</c>) by name.
/// </summary>
public sealed class TensorBinding
{
    internal TensorBinding(string onnxName, string bind, IReadOnlyList<long> shape)
    {
        OnnxName = onnxName;
        Bind = bind;
        Shape = shape;
    }

    /// <summary>The input or output name inside the ONNX file.</summary>
    public string OnnxName { get; }

    /// <summary>The pipeline tensor name.</summary>
    public string Bind { get; }

    /// <summary>The declared shape (NCHW); -1 marks a dynamic batch dimension.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Number of elements for one batch item.</summary>
    public long ElementsPerItem => Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
}
