using Microsoft.ML.OnnxRuntime;
using MLNet.Siamese.Models.Import;
using Google.Protobuf;
using Onnx;
using Xunit.Abstractions;

namespace MLNet.Siamese.Tests.Inference;

/// <summary>The graph edits <c>siamese pack</c> writes into NanoTrack packs (once, at pack time; never at load).</summary>
public class OnnxGraphEditsTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("nanotrack-v1/nanotrack_backbone_sim.onnx", 48)]
    [InlineData("nanotrack-v2/nanotrack_backbone_sim.onnx", 48)]
    [InlineData("nanotrack-v3/nanotrack_backbone.onnx", 96)]
    public void Freed_backbone_runs_at_127_and_is_unchanged_at_255(string file, int channels)
    {
        string path = SharedData.Require("models/third_party/" + file);
        var model = OnnxGraphEdits.Read(path);
        OnnxGraphEdits.FreeSpatialDimensions(model);

        using var fixedSession = new InferenceSession(path);
        using var freeSession = new InferenceSession(OnnxGraphEdits.ToBytes(model));
        Assert.Equal([1, 3, -1, -1], freeSession.InputMetadata["input"].Dimensions);

        var rng = new Random(7);
        var x255 = Enumerable.Range(0, 3 * 255 * 255).Select(_ => (float)rng.Next(256)).ToArray();
        var a = Run(fixedSession, x255, 255);
        var b = Run(freeSession, x255, 255);
        Assert.Equal(a.Shape, b.Shape);
        // The edit changes the signature only; ONNX Runtime may pick other kernels once shapes are symbolic, so
        // the outputs agree to float32 rounding, not necessarily bit for bit.
        Assert.Equal(a.Data.Length, b.Data.Length);
        double worst = a.Data.Zip(b.Data).Max(p => Math.Abs(p.First - p.Second));
        output.WriteLine($"{file}: max |fixed - freed| at 255 = {worst:g3}");
        Assert.True(worst < 1e-4);

        var x127 = Enumerable.Range(0, 3 * 127 * 127).Select(_ => (float)rng.Next(256)).ToArray();
        var z = Run(freeSession, x127, 127);
        Assert.Equal([1L, channels, 8, 8], z.Shape);
        Assert.All(z.Data, v => Assert.True(float.IsFinite(v)));
    }

    [SkippableTheory]
    [InlineData("nanotrack-v1", "nanotrack_backbone_sim.onnx", "nanotrack_head_sim.onnx")]
    [InlineData("nanotrack-v2", "nanotrack_backbone_sim.onnx", "nanotrack_head_sim.onnx")]
    public void Freed_graphs_take_a_batch_and_match_per_item_calls(string release, string backbone, string head)
    {
        string dir = SharedData.Require("models/third_party/" + release);
        foreach (var file in new[] { backbone, head })
        {
            string path = Path.Combine(dir, file);
            var model = OnnxGraphEdits.Read(path);
            int rewritten = OnnxGraphEdits.FreeBatchDimension(model);
            output.WriteLine($"{release}/{file}: {rewritten} Reshape target(s) rewritten");
            Assert.True(rewritten > 0);
            using var single = new InferenceSession(path);
            using var batched = new InferenceSession(OnnxGraphEdits.ToBytes(model));
            Assert.All(batched.InputMetadata.Values, m => Assert.Equal(-1, m.Dimensions[0]));

            const int n = 3;
            var rng = new Random(5);
            var inputs = single.InputMetadata.ToDictionary(p => p.Key, p =>
            {
                var shape = p.Value.Dimensions.Select(d => (long)d).ToArray();
                return (Shape: shape, Data: Enumerable.Range(0, n * (int)shape.Skip(1).Aggregate(1L, (a, b) => a * b)).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray());
            });
            var all = Run(batched, inputs.ToDictionary(p => p.Key, p => (p.Value.Shape.Select((d, i) => i == 0 ? n : d).ToArray(), p.Value.Data)));
            for (int item = 0; item < n; item++)
            {
                var one = Run(single, inputs.ToDictionary(p => p.Key, p =>
                {
                    int per = p.Value.Data.Length / n;
                    return (p.Value.Shape, p.Value.Data[(item * per)..((item + 1) * per)]);
                }));
                foreach (var (name, data) in one)
                    Assert.True(data.AsSpan().SequenceEqual(all[name].AsSpan(item * data.Length, data.Length)), $"{file} output {name}, item {item}");
            }
        }
    }

    /// <summary>A packed release keeps its weights byte for byte: only signatures, shapes and Reshape constants change.</summary>
    [SkippableTheory]
    [InlineData("nanotrack-v2", "nanotrack_backbone_sim.onnx")]
    [InlineData("nanotrack-v2", "nanotrack_head_sim.onnx")]
    [InlineData("nanotrack-v3", "nanotrack_backbone.onnx")]
    public void Packed_graphs_keep_the_release_weights(string release, string file)
    {
        var original = OnnxGraphEdits.Read(SharedData.Require($"models/third_party/{release}/{file}"));
        var packed = OnnxGraphEdits.Read(Path.Combine(NanoTrackPacks.Get(release), file));
        var shapes = ShapeConstants(original.Graph);
        var before = original.Graph.Initializer.Where(t => !shapes.Contains(t.Name)).ToDictionary(t => t.Name, t => t.ToByteString());
        var after = packed.Graph.Initializer.Where(t => !shapes.Contains(t.Name)).ToDictionary(t => t.Name, t => t.ToByteString());
        Assert.NotEmpty(before);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, kv => Assert.True(kv.Value.Equals(after[kv.Key]), kv.Key));
        Assert.Equal(original.Graph.Node.Count, packed.Graph.Node.Count);
        Assert.Empty(packed.Graph.ValueInfo);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_named()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("graph-edits").FullName, "garbage.onnx");
        File.WriteAllBytes(path, [0xFF, 0xFF, 0xFF]);
        var ex = Assert.Throws<ModelPackException>(() => OnnxGraphEdits.Read(path));
        Assert.Equal(path, ex.Path);
        Assert.Contains("not an ONNX model", ex.Message);
    }

    /// <summary>Initializers used as Reshape targets (the only constants the batch edit may change).</summary>
    private static HashSet<string> ShapeConstants(GraphProto graph) =>
        graph.Node.Where(n => n.OpType == "Reshape").Select(n => n.Input[1]).ToHashSet(StringComparer.Ordinal);

    private static (long[] Shape, float[] Data) Run(InferenceSession session, float[] input, int side)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, [1, 3, side, side]);
        using var results = session.Run(new RunOptions(), ["input"], [value], ["output"]);
        var t = results[0];
        return (t.GetTensorTypeAndShape().Shape, t.GetTensorDataAsSpan<float>().ToArray());
    }

    private static Dictionary<string, float[]> Run(InferenceSession session, Dictionary<string, (long[] Shape, float[] Data)> inputs)
    {
        var names = inputs.Keys.ToArray();
        var values = names.Select(k => OrtValue.CreateTensorValueFromMemory(inputs[k].Data, inputs[k].Shape)).ToArray();
        try
        {
            using var results = session.Run(new RunOptions(), names, values, session.OutputNames);
            return session.OutputNames.Select((name, i) => (name, results[i].GetTensorDataAsSpan<float>().ToArray())).ToDictionary(p => p.name, p => p.Item2);
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }
}
