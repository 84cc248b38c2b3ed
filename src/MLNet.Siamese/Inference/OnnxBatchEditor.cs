using System.Buffers.Binary;
using System.Text;

namespace MLNet.Siamese.Inference;

/// <summary>
/// Rewrites an ONNX model exported with batch 1 so that it accepts any batch: dimension 0 of every graph input and
/// output becomes symbolic, stored intermediate shapes are dropped, and each constant <c>Reshape</c> target whose
/// first entry is a traced batch of 1 (e.g. <c>x.view(1, C)</c> in squeeze-excitation blocks) gets 0 there instead,
/// which copies the input's batch; so does the leading constant 1 of a target built by <c>Concat</c> from a constant and
/// the input's shape (<c>kernel.reshape(1, C, -1)</c>, as in the default model's pixel-wise correlation). Other
/// batch-dependent constants are not detected: callers must check a batched
/// call against per-item calls before relying on the result (the batch search does).
/// </summary>
internal static class OnnxBatchEditor
{
    // ONNX protobuf field numbers (onnx.proto3).
    private const int ModelGraph = 7;
    private const int GraphNode = 1, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12, GraphValueInfo = 13;
    private const int NodeInput = 1, NodeOutput = 2, NodeOpType = 4, NodeAttribute = 5;
    private const int AttributeName = 1, AttributeInt = 3, AttributeTensor = 5;
    private const int TensorDims = 1, TensorDataType = 2, TensorInt64Data = 7, TensorName = 8, TensorRawData = 9;
    private const int Int64Type = 7;

    /// <summary>Returns the edited model; <paramref name="reshapesRewritten"/> counts the Reshape targets changed.</summary>
    /// <exception cref="FormatException">Not an ONNX model, or a Reshape target that cannot be rewritten safely
    /// (shared with another operator, or <c>allowzero</c> with no room for an inferred dimension).</exception>
    public static byte[] FreeBatchDimension(byte[] model, out int reshapesRewritten)
    {
        using var output = new MemoryStream(model.Length);
        int rewritten = -1;
        foreach (var field in ProtobufWire.ReadFields(model))
        {
            if (field.Number == ModelGraph && field.WireType == ProtobufWire.LengthDelimited)
                ProtobufWire.WriteBytes(output, ModelGraph, RewriteGraph(field.Value, out rewritten));
            else
                ProtobufWire.WriteField(output, field);
        }
        if (rewritten < 0) throw new FormatException("no graph in the ONNX model");
        reshapesRewritten = rewritten;
        return output.ToArray();
    }

    private static byte[] RewriteGraph(ReadOnlyMemory<byte> graph, out int rewritten)
    {
        var fields = ProtobufWire.ReadFields(graph);
        var targets = FindReshapeTargets(fields);
        rewritten = 0;
        using var output = new MemoryStream(graph.Length);
        foreach (var field in fields)
        {
            bool message = field.WireType == ProtobufWire.LengthDelimited;
            if (field.Number == GraphValueInfo) continue;
            if (message && field.Number is GraphInput or GraphOutput)
            {
                string name = OnnxSignatureEditor.NameOf(field.Value);
                ProtobufWire.WriteBytes(output, field.Number, OnnxSignatureEditor.FreeDimensions(field.Value, name + "_batch", i => i == 0));
            }
            else if (message && field.Number == GraphInitializer && targets.TryGetValue(StringField(field.Value, TensorName), out bool allowZero))
            {
                ProtobufWire.WriteBytes(output, field.Number, RewriteShapeTensor(field.Value, allowZero, ref rewritten));
            }
            else if (message && field.Number == GraphNode && ConstantOutput(field.Value) is { } produced && targets.TryGetValue(produced, out allowZero))
            {
                ProtobufWire.WriteBytes(output, field.Number, RewriteConstantNode(field.Value, allowZero, ref rewritten));
            }
            else
            {
                ProtobufWire.WriteField(output, field);
            }
        }
        return output.ToArray();
    }

    /// <summary>
    /// Names of the constant tensors to rewrite, with each Reshape's <c>allowzero</c>: the Reshape targets themselves,
    /// and the leading constant of a target assembled by <c>Concat</c> (e.g. <c>kernel.reshape(1, C, -1)</c> traced
    /// as <c>Concat([1], Shape(x)[1], [-1])</c>) when that constant feeds nothing else and the Reshape has no allowzero.
    /// </summary>
    private static Dictionary<string, bool> FindReshapeTargets(List<ProtobufWire.Field> graphFields)
    {
        var targets = new Dictionary<string, bool>(StringComparer.Ordinal);
        var otherUses = new HashSet<string>(StringComparer.Ordinal);
        var useCount = new Dictionary<string, int>(StringComparer.Ordinal);
        var concats = new List<(string Output, string First)>();
        foreach (var field in graphFields)
        {
            if (field.Number != GraphNode || field.WireType != ProtobufWire.LengthDelimited) continue;
            var node = ProtobufWire.ReadFields(field.Value);
            string op = StringField(node, NodeOpType);
            var inputs = node.Where(f => f.Number == NodeInput).Select(f => Encoding.UTF8.GetString(f.Value.Span)).ToList();
            for (int i = 0; i < inputs.Count; i++)
            {
                useCount[inputs[i]] = useCount.GetValueOrDefault(inputs[i]) + 1;
                if (op == "Reshape" && i == 1) targets[inputs[i]] = targets.GetValueOrDefault(inputs[i]) || AllowZero(node);
                else otherUses.Add(inputs[i]);
            }
            if (op == "Concat" && inputs.Count > 1) concats.Add((StringField(node, NodeOutput), inputs[0]));
        }
        var shared = targets.Keys.Where(otherUses.Contains).ToList();
        if (shared.Count > 0)
            throw new FormatException($"Reshape target(s) {string.Join(", ", shared)} are also used by other operators");
        foreach (var (output, first) in concats)
            if (targets.TryGetValue(output, out bool allowZero) && !allowZero && useCount.GetValueOrDefault(first) == 1)
                targets[first] = false;
        return targets;
    }

    private static bool AllowZero(List<ProtobufWire.Field> node) =>
        node.Where(f => f.Number == NodeAttribute).Select(f => ProtobufWire.ReadFields(f.Value))
            .Any(a => StringField(a, AttributeName) == "allowzero" && a.Any(f => f.Number == AttributeInt && f.VarintValue != 0));

    private static string? ConstantOutput(ReadOnlyMemory<byte> node)
    {
        var fields = ProtobufWire.ReadFields(node);
        return StringField(fields, NodeOpType) == "Constant" ? StringField(fields, NodeOutput) : null;
    }

    private static byte[] RewriteConstantNode(ReadOnlyMemory<byte> node, bool allowZero, ref int rewritten)
    {
        using var output = new MemoryStream(node.Length);
        foreach (var field in ProtobufWire.ReadFields(node))
        {
            if (field.Number == NodeAttribute && StringField(field.Value, AttributeName) == "value")
            {
                using var attribute = new MemoryStream();
                foreach (var a in ProtobufWire.ReadFields(field.Value))
                {
                    if (a.Number == AttributeTensor) ProtobufWire.WriteBytes(attribute, AttributeTensor, RewriteShapeTensor(a.Value, allowZero, ref rewritten));
                    else ProtobufWire.WriteField(attribute, a);
                }
                ProtobufWire.WriteBytes(output, NodeAttribute, attribute.ToArray());
            }
            else
            {
                ProtobufWire.WriteField(output, field);
            }
        }
        return output.ToArray();
    }

    /// <summary>Replaces a leading 1 of an int64 shape tensor by 0 (copy the batch), or by -1 under <c>allowzero</c>.</summary>
    private static byte[] RewriteShapeTensor(ReadOnlyMemory<byte> tensor, bool allowZero, ref int rewritten)
    {
        var fields = ProtobufWire.ReadFields(tensor);
        string name = StringField(fields, TensorName);
        if (!fields.Any(f => f.Number == TensorDataType && f.VarintValue == Int64Type))
            throw new FormatException($"Reshape target {name} is not an int64 tensor");
        var values = ReadInt64(fields);
        if (values.Count == 0 || values[0] != 1) return tensor.ToArray();
        if (allowZero && values.Contains(-1))
            throw new FormatException($"Reshape target {name} uses allowzero and already infers a dimension");
        values[0] = allowZero ? -1 : 0;
        rewritten++;

        using var output = new MemoryStream(tensor.Length);
        bool written = false;
        foreach (var field in fields)
        {
            if (field.Number is TensorInt64Data or TensorRawData)
            {
                if (!written) WriteInt64(output, values, raw: field.Number == TensorRawData);
                written = true;
            }
            else
            {
                ProtobufWire.WriteField(output, field);
            }
        }
        return output.ToArray();
    }

    private static List<long> ReadInt64(List<ProtobufWire.Field> tensor)
    {
        var values = new List<long>();
        foreach (var f in tensor)
        {
            if (f.Number == TensorRawData)
            {
                for (int i = 0; i + 8 <= f.Value.Length; i += 8)
                    values.Add(BinaryPrimitives.ReadInt64LittleEndian(f.Value.Span[i..]));
            }
        }
        values.AddRange(Varints(tensor, TensorInt64Data));
        // The element count is fixed by the dims; a mismatch means the tensor is not laid out as we think.
        long expected = Varints(tensor, TensorDims).Aggregate(1L, (a, b) => a * b);
        if (values.Count != expected)
            throw new FormatException($"Reshape target {StringField(tensor, TensorName)} has {values.Count} values for {expected} elements");
        return values;
    }

    /// <summary>A repeated integer field, packed or not.</summary>
    private static IEnumerable<long> Varints(List<ProtobufWire.Field> message, int number)
    {
        var values = new List<long>();
        foreach (var f in message.Where(f => f.Number == number))
        {
            if (f.WireType == ProtobufWire.Varint)
            {
                values.Add((long)f.VarintValue);
                continue;
            }
            int pos = 0;
            while (pos < f.Value.Length) values.Add((long)ProtobufWire.ReadVarint(f.Value.Span, ref pos));
        }
        return values;
    }

    private static void WriteInt64(Stream output, List<long> values, bool raw)
    {
        using var payload = new MemoryStream();
        Span<byte> b = stackalloc byte[8];
        foreach (var v in values)
        {
            if (raw)
            {
                BinaryPrimitives.WriteInt64LittleEndian(b, v);
                payload.Write(b);
            }
            else
            {
                ProtobufWire.WriteVarint(payload, (ulong)v);
            }
        }
        ProtobufWire.WriteBytes(output, raw ? TensorRawData : TensorInt64Data, payload.ToArray());
    }

    private static string StringField(ReadOnlyMemory<byte> message, int number) => StringField(ProtobufWire.ReadFields(message), number);

    private static string StringField(List<ProtobufWire.Field> fields, int number)
    {
        foreach (var f in fields)
            if (f.Number == number && f.WireType == ProtobufWire.LengthDelimited)
                return Encoding.UTF8.GetString(f.Value.Span);
        return "";
    }
}
