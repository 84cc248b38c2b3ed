using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;

namespace MLNet.Siamese.Models.Import;

/// <summary>
/// The graph edits <c>siamese pack</c> writes into the public NanoTrack files, once, so that the pack loads as it is:
/// symbolic spatial dimensions on a backbone fixed at 255 (so it also encodes the 127 template), and a symbolic batch
/// on the search graphs (so many targets run in one call). Weights are untouched: only graph signatures, stored
/// intermediate shapes and constant Reshape targets change. Works on OnnxSharp's generated ONNX protobuf classes.
/// OnnxSharp's own <c>SetDim</c> is not used: it changes only dimensions equal to 1 (not 255), reads Reshape targets
/// from initializers only (these graphs also hold them in <c>Constant</c> nodes and <c>Concat</c>s) and writes -1,
/// which breaks a target that already infers a dimension (<c>[1, C, -1]</c>).
/// </summary>
internal static class OnnxGraphEdits
{
    /// <summary>Parses an ONNX file.</summary>
    /// <exception cref="ModelPackException">The file cannot be read or is not an ONNX model.</exception>
    public static ModelProto Read(string path)
    {
        try
        {
            var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
            return model.Graph is null ? throw new ModelPackException(path, null, "not an ONNX model: it has no graph") : model;
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ModelPackException(path, null, "not an ONNX model: " + ex.Message, ex);
        }
        catch (IOException ex)
        {
            throw new ModelPackException(path, null, "cannot read: " + ex.Message, ex);
        }
    }

    /// <summary>
    /// Makes dimensions 2 and 3 of every graph input and output symbolic (<c>{name}_dim{i}</c>) and drops the stored
    /// intermediate shapes, so ONNX Runtime infers them for the size it is fed.
    /// </summary>
    public static void FreeSpatialDimensions(ModelProto model)
    {
        var graph = model.Graph;
        graph.ValueInfo.Clear();
        foreach (var v in graph.Input.Concat(graph.Output)) FreeDimensions(v, i => i >= 2);
    }

    /// <summary>
    /// Makes dimension 0 of every graph input and output symbolic (<c>{name}_batch</c>), drops the stored intermediate
    /// shapes, and rewrites each constant <c>Reshape</c> target whose first entry is a traced batch of 1 (e.g.
    /// <c>x.view(1, C)</c> in squeeze-excitation blocks) to 0, which copies the input's batch (-1 under
    /// <c>allowzero</c>). Returns the number of targets rewritten. Other batch-dependent constants (a batch folded into
    /// convolution groups) are not detected: the pack writer checks a batched call against per-item calls.
    /// </summary>
    /// <exception cref="FormatException">A Reshape target cannot be rewritten safely (shared with another operator,
    /// not int64, or <c>allowzero</c> with a dimension already inferred).</exception>
    public static int FreeBatchDimension(ModelProto model)
    {
        var graph = model.Graph;
        graph.ValueInfo.Clear();
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var v in graph.Input.Where(i => !initializers.Contains(i.Name)).Concat(graph.Output)) FreeDimensions(v, i => i == 0);

        var targets = ReshapeTargets(graph);
        int rewritten = 0;
        foreach (var t in graph.Initializer)
            if (targets.TryGetValue(t.Name, out bool allowZero) && RewriteLeadingOne(t, allowZero)) rewritten++;
        foreach (var node in graph.Node.Where(n => n.OpType == "Constant" && n.Output.Count == 1))
            if (targets.TryGetValue(node.Output[0], out bool allowZero)
                && node.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { } tensor && RewriteLeadingOne(tensor, allowZero))
                rewritten++;
        return rewritten;
    }

    /// <summary>The serialized model.</summary>
    public static byte[] ToBytes(ModelProto model) => model.ToByteArray();

    private static void FreeDimensions(ValueInfoProto value, Func<int, bool> free)
    {
        var dims = value.Type?.TensorType?.Shape?.Dim;
        if (dims is null) return;
        for (int i = 0; i < dims.Count; i++)
        {
            if (!free(i)) continue;
            dims[i].ClearValue();
            dims[i].DimParam = i == 0 ? value.Name + "_batch" : $"{value.Name}_dim{i}";
        }
    }

    /// <summary>
    /// Names of the constants to rewrite, with each Reshape's <c>allowzero</c>: the Reshape targets, and the leading
    /// constant of a target assembled by <c>Concat</c> (<c>kernel.reshape(1, C, -1)</c> traced as
    /// <c>Concat([1], Shape(x)[1], [-1])</c>) when that constant feeds nothing else and the Reshape has no allowzero.
    /// </summary>
    private static Dictionary<string, bool> ReshapeTargets(GraphProto graph)
    {
        var targets = new Dictionary<string, bool>(StringComparer.Ordinal);
        var otherUses = new HashSet<string>(StringComparer.Ordinal);
        var useCount = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            bool allowZero = node.Attribute.Any(a => a.Name == "allowzero" && a.I != 0);
            for (int i = 0; i < node.Input.Count; i++)
            {
                string input = node.Input[i];
                useCount[input] = useCount.GetValueOrDefault(input) + 1;
                if (node.OpType == "Reshape" && i == 1) targets[input] = targets.GetValueOrDefault(input) || allowZero;
                else otherUses.Add(input);
            }
        }
        var shared = targets.Keys.Where(otherUses.Contains).ToList();
        if (shared.Count > 0)
            throw new FormatException($"Reshape target(s) {string.Join(", ", shared)} are also used by other operators");
        foreach (var concat in graph.Node.Where(n => n.OpType == "Concat" && n.Input.Count > 1 && n.Output.Count == 1))
            if (targets.TryGetValue(concat.Output[0], out bool allowZero) && !allowZero && useCount.GetValueOrDefault(concat.Input[0]) == 1)
                targets[concat.Input[0]] = false;
        return targets;
    }

    /// <summary>Replaces a leading 1 of an int64 shape tensor by 0 (copy the batch), or by -1 under <c>allowzero</c>.</summary>
    private static bool RewriteLeadingOne(TensorProto tensor, bool allowZero)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Int64)
            throw new FormatException($"Reshape target {tensor.Name} is not an int64 tensor");
        long[] values = tensor.RawData.IsEmpty
            ? tensor.Int64Data.ToArray()
            : Enumerable.Range(0, tensor.RawData.Length / 8).Select(i => BinaryPrimitives.ReadInt64LittleEndian(tensor.RawData.Span[(i * 8)..])).ToArray();
        long expected = tensor.Dims.Aggregate(1L, (a, b) => a * b);
        if (values.Length != expected)
            throw new FormatException($"Reshape target {tensor.Name} has {values.Length} values for {expected} elements");
        if (values.Length == 0 || values[0] != 1) return false;
        if (allowZero && values.Contains(-1))
            throw new FormatException($"Reshape target {tensor.Name} uses allowzero and already infers a dimension");
        values[0] = allowZero ? -1 : 0;
        if (tensor.RawData.IsEmpty)
        {
            tensor.Int64Data[0] = values[0];
        }
        else
        {
            var raw = new byte[values.Length * 8];
            for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), values[i]);
            tensor.RawData = ByteString.CopyFrom(raw);
        }
        return true;
    }
}
