using System.Text;

namespace MLNet.Siamese.Inference;

/// <summary>
/// Rewrites an ONNX model so that the spatial dimensions (index ≥ 2) of chosen graph inputs and of every graph output
/// become symbolic, and drops the stored intermediate shapes (<c>value_info</c>) so ONNX Runtime infers them again.
/// This lets a fully convolutional backbone exported with a fixed 255×255 input (the public NanoTrack files) also
/// encode the 127×127 template, without touching the weights.
/// </summary>
internal static class OnnxSignatureEditor
{
    // ONNX protobuf field numbers (onnx.proto3).
    private const int ModelGraph = 7;
    private const int GraphInput = 11, GraphOutput = 12, GraphValueInfo = 13;
    private const int ValueInfoName = 1, ValueInfoType = 2;
    private const int TypeTensor = 1, TensorShape = 2, ShapeDim = 1, DimValue = 1, DimParam = 2;

    /// <summary>Returns the edited model bytes.</summary>
    /// <param name="model">The serialized ModelProto.</param>
    /// <param name="inputs">Names of the graph inputs whose spatial dimensions become free.</param>
    /// <exception cref="FormatException">The bytes are not an ONNX model, or an input name is absent.</exception>
    public static byte[] FreeSpatialDimensions(byte[] model, IReadOnlyCollection<string> inputs)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        using var output = new MemoryStream(model.Length);
        bool sawGraph = false;
        foreach (var field in ProtobufWire.ReadFields(model))
        {
            if (field.Number == ModelGraph && field.WireType == ProtobufWire.LengthDelimited)
            {
                sawGraph = true;
                ProtobufWire.WriteBytes(output, ModelGraph, RewriteGraph(field.Value, inputs, found));
            }
            else
            {
                ProtobufWire.WriteField(output, field);
            }
        }
        if (!sawGraph) throw new FormatException("no graph in the ONNX model");
        var missing = inputs.Where(i => !found.Contains(i)).ToList();
        if (missing.Count > 0) throw new FormatException($"graph input(s) not found: {string.Join(", ", missing)}");
        return output.ToArray();
    }

    private static byte[] RewriteGraph(ReadOnlyMemory<byte> graph, IReadOnlyCollection<string> inputs, HashSet<string> found)
    {
        using var output = new MemoryStream(graph.Length);
        foreach (var field in ProtobufWire.ReadFields(graph))
        {
            if (field.Number == GraphValueInfo) continue;
            bool isOutput = field.Number == GraphOutput;
            if (field.WireType == ProtobufWire.LengthDelimited && (field.Number == GraphInput || isOutput))
            {
                string name = ValueInfoNameOf(field.Value);
                if (isOutput || inputs.Contains(name))
                {
                    if (!isOutput) found.Add(name);
                    ProtobufWire.WriteBytes(output, field.Number, RewriteValueInfo(field.Value, name));
                    continue;
                }
            }
            ProtobufWire.WriteField(output, field);
        }
        return output.ToArray();
    }

    private static string ValueInfoNameOf(ReadOnlyMemory<byte> valueInfo)
    {
        foreach (var f in ProtobufWire.ReadFields(valueInfo))
            if (f.Number == ValueInfoName && f.WireType == ProtobufWire.LengthDelimited)
                return Encoding.UTF8.GetString(f.Value.Span);
        return "";
    }

    private static byte[] RewriteValueInfo(ReadOnlyMemory<byte> valueInfo, string name) =>
        FreeDimensions(valueInfo, name, index => index >= 2);

    /// <summary>
    /// Rewrites a ValueInfoProto so that the dimensions chosen by <paramref name="free"/> (by index) become fresh symbolic
    /// parameters named <c>{name}_dim{index}</c>; the other dimensions are kept as they are.
    /// </summary>
    internal static byte[] FreeDimensions(ReadOnlyMemory<byte> valueInfo, string name, Func<int, bool> free) =>
        RewriteNested(valueInfo, ValueInfoType, type =>
            RewriteNested(type, TypeTensor, tensor =>
                RewriteNested(tensor, TensorShape, shape => RewriteShape(shape, name, free))));

    /// <summary>The name of a ValueInfoProto (empty when absent).</summary>
    internal static string NameOf(ReadOnlyMemory<byte> valueInfo) => ValueInfoNameOf(valueInfo);

    private static byte[] RewriteShape(ReadOnlyMemory<byte> shape, string name, Func<int, bool> free)
    {
        using var output = new MemoryStream();
        int index = 0;
        foreach (var field in ProtobufWire.ReadFields(shape))
        {
            if (field.Number == ShapeDim && field.WireType == ProtobufWire.LengthDelimited)
            {
                if (free(index))
                {
                    // Keep any denotation; replace a fixed value (or an existing parameter) by a fresh parameter.
                    using var dim = new MemoryStream();
                    foreach (var d in ProtobufWire.ReadFields(field.Value))
                        if (d.Number != DimValue && d.Number != DimParam) ProtobufWire.WriteField(dim, d);
                    ProtobufWire.WriteBytes(dim, DimParam, Encoding.UTF8.GetBytes($"{name}_dim{index}"));
                    ProtobufWire.WriteBytes(output, ShapeDim, dim.ToArray());
                }
                else
                {
                    ProtobufWire.WriteField(output, field);
                }
                index++;
                continue;
            }
            ProtobufWire.WriteField(output, field);
        }
        return output.ToArray();
    }

    private static byte[] RewriteNested(ReadOnlyMemory<byte> message, int number, Func<ReadOnlyMemory<byte>, byte[]> rewrite)
    {
        using var output = new MemoryStream(message.Length);
        foreach (var field in ProtobufWire.ReadFields(message))
        {
            if (field.Number == number && field.WireType == ProtobufWire.LengthDelimited)
                ProtobufWire.WriteBytes(output, number, rewrite(field.Value));
            else
                ProtobufWire.WriteField(output, field);
        }
        return output.ToArray();
    }
}
