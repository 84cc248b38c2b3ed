using Microsoft.ML.OnnxRuntime;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Inference;

/// <summary>
/// The geometry check every model runs at load: the template graphs once on zero crops of <c>exemplarSize</c>, then
/// the search graphs once on zero crops of <c>instanceSize</c> (one per scale for the response-map families) and those
/// template outputs, comparing every output's actual shape with the manifest's. Symbolic dimensions in the ONNX
/// metadata (free spatial dims, a dynamic batch) cannot catch a crop size the graphs turn into another feature or
/// score-map size; this does, and names the manifest field to fix. Measured cost: see README "Model packs".
/// </summary>
internal static class PackGeometryCheck
{
    /// <exception cref="ModelPackException">A graph rejects the crop sizes or produces a shape the manifest does not declare.</exception>
    public static void Run(ModelPack pack, IReadOnlyList<LoadedGraph> template, IReadOnlyList<LoadedGraph> search)
    {
        long searchBatch = pack.Scales?.Count ?? 1;
        var produced = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        var owned = new List<IDisposable>();
        try
        {
            using var runOptions = new RunOptions();
            foreach (var (graphs, batch, templateSide) in new[] { (template, 1L, true), (search, searchBatch, false) })
                foreach (var g in graphs)
                {
                    var inputs = g.Spec.Inputs.Select(t => produced.TryGetValue(t.Bind, out var v) ? v : Zeros(t, batch, owned)).ToArray();
                    IDisposableReadOnlyCollection<OrtValue> results;
                    try
                    {
                        results = g.Session.Run(runOptions, g.InputNames, inputs, g.OutputNames);
                    }
                    catch (OnnxRuntimeException ex)
                    {
                        throw Misfit(pack, g, templateSide, $"ONNX Runtime rejects it ({Short(ex.Message)})", ex);
                    }
                    owned.Add(results);
                    for (int k = 0; k < g.Spec.Outputs.Count; k++)
                    {
                        var declared = g.Spec.Outputs[k];
                        var actual = results[k].GetTensorTypeAndShape().Shape;
                        var expected = declared.Shape.Select(d => d < 0 ? batch : d).ToArray();
                        if (!actual.SequenceEqual(expected))
                            throw Misfit(pack, g, templateSide, Describe(pack, g, k, actual, expected), null);
                        produced[declared.Bind] = results[k];
                    }
                }
        }
        finally
        {
            for (int i = owned.Count - 1; i >= 0; i--) owned[i].Dispose();
        }
    }

    private static OrtValue Zeros(TensorBinding t, long batch, List<IDisposable> owned)
    {
        var shape = t.Shape.Select(d => d < 0 ? batch : d).ToArray();
        var value = OrtValue.CreateTensorValueFromMemory(new float[shape.Aggregate(1L, (a, b) => a * b)], shape);
        owned.Add(value);
        return value;
    }

    private static string Describe(ModelPack pack, LoadedGraph g, int output, long[] actual, long[] expected)
    {
        var o = g.Spec.Outputs[output];
        bool decoderOutput = o.Bind is "cls" or "loc" or "response";
        if (decoderOutput && actual.Length == 4 && expected.Length == 4 && (actual[2] != expected[2] || actual[3] != expected[3]))
            return $"graph gives a {actual[2]}×{actual[3]} score map, manifest output.scoreSize says {pack.ScoreSize}";
        return $"graph gives {o.Bind} [{string.Join(", ", actual)}], manifest {g.Spec.Field}.outputs[{output}].shape says [{string.Join(", ", o.Shape)}]";
    }

    private static ModelPackException Misfit(ModelPack pack, LoadedGraph g, bool templateSide, string why, Exception? inner)
    {
        string field = templateSide ? "input.exemplarSize" : "input.instanceSize";
        int size = templateSide ? pack.ExemplarSize : pack.InstanceSize;
        return new ModelPackException(pack.ManifestPath, field, $"{size} does not fit {g.Spec.RelativeFile} ({g.Spec.Field}: {why})", inner);
    }

    private static string Short(string message)
    {
        string line = message.Split('\n')[0].Trim();
        int status = line.IndexOf("Status Message:", StringComparison.Ordinal);
        if (status >= 0) line = line[(status + "Status Message:".Length)..].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
