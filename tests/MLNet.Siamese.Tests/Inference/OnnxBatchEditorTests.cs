using Microsoft.ML.OnnxRuntime;
using MLNet.Siamese.Inference;
using Xunit.Abstractions;

namespace MLNet.Siamese.Tests.Inference;

public class OnnxBatchEditorTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("nanotrack-v1", "nanotrack_backbone_sim.onnx", "nanotrack_head_sim.onnx")]
    [InlineData("nanotrack-v2", "nanotrack_backbone_sim.onnx", "nanotrack_head_sim.onnx")]
    public void Freed_graphs_take_a_batch_and_match_per_item_calls(string release, string backbone, string head)
    {
        string dir = SharedData.Require("models/third_party/" + release);
        foreach (var file in new[] { backbone, head })
        {
            var original = File.ReadAllBytes(Path.Combine(dir, file));
            var edited = OnnxBatchEditor.FreeBatchDimension(original, out int rewritten);
            output.WriteLine($"{release}/{file}: {rewritten} Reshape target(s) rewritten");
            using var single = new InferenceSession(original);
            using var batched = new InferenceSession(edited);
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

    /// <summary>
    /// NanoTrack v3's head folds the batch into convolution groups (a depth-wise correlation with group = 96, an
    /// attribute): no constant rewrite frees that, the probe sees the batched call fail, and items go one per call.
    /// </summary>
    [SkippableFact]
    public void A_graph_that_cannot_take_a_batch_falls_back_to_per_item_calls()
    {
        using var model = SiameseModel.Load(NanoTrackPacks.Get("nanotrack-v3"));
        using var search = BatchSearchModel.Open(model, BatchInferenceMode.Auto);
        output.WriteLine(search.Description);
        Assert.False(search.IsBatched);
        Assert.Contains("per-item calls", search.Description);
        Assert.DoesNotContain("ErrorCode", search.Description);
        Assert.DoesNotContain("Status Message", search.Description);
        var ex = Assert.Throws<ModelPackException>(() => BatchSearchModel.Open(model, BatchInferenceMode.Batched));
        Assert.Contains("nanotrack_head.onnx", ex.Message);
        Assert.Equal(model.Pack.ManifestPath, ex.Path);
        Assert.Equal("search", ex.Field);
        Assert.Contains("nanotrack_head.onnx (search[1]) fails on a batch of 3 items", ex.Message);
        Assert.DoesNotContain("Status Message", ex.Message);
    }

    /// <summary>
    /// The default model's pixel-wise correlation reshapes the template features to a traced <c>[1, C, -1]</c> built by
    /// Concat (issue 14, item 8: batched calls failed with an ONNX Runtime error in every run's summary). Freed, a batch
    /// of items with their own templates matches per-item calls bit for bit.
    /// </summary>
    [Fact]
    public void The_default_model_batches_bit_identically()
    {
        using var model = SiameseModel.Load(Path.Combine(SharedData.RepoRoot, "models", "default"));
        using (var batched = BatchSearchModel.Open(model, BatchInferenceMode.Batched))
        {
            output.WriteLine(batched.Description);
            Assert.True(batched.IsBatched);
            Assert.Contains("bit-identical", batched.Description);
            Assert.Contains("1 Reshape target(s) rewritten", batched.Description);
        }
        using var auto = BatchSearchModel.Open(model, BatchInferenceMode.Auto);
        Assert.Contains("batched calls work", auto.Description);
    }

    [Fact]
    public void Garbage_bytes_are_a_format_error()
    {
        Assert.Throws<FormatException>(() => OnnxBatchEditor.FreeBatchDimension([0x0A, 0x05, 0x01], out _));
    }

    [SkippableFact]
    public void The_nanotrack_search_graphs_batch_when_asked()
    {
        using var model = SiameseModel.Load(NanoTrackPacks.Get("nanotrack-v2"));
        using (var batched = BatchSearchModel.Open(model, BatchInferenceMode.Batched))
        {
            Assert.True(batched.IsBatched);
            Assert.Contains("bit-identical", batched.Description);
            Assert.Contains("12 Reshape target(s) rewritten", batched.Description);
        }
        // On the CPU, Auto checks that batching works but keeps one call per item (cheaper per item there).
        using (var auto = BatchSearchModel.Open(model, BatchInferenceMode.Auto))
        {
            Assert.False(auto.IsBatched);
            Assert.Contains("batched calls work", auto.Description);
        }
        using var off = BatchSearchModel.Open(model, BatchInferenceMode.PerItem);
        Assert.False(off.IsBatched);
        using var batch = off.CreateBatch(2);
        Assert.Equal(3 * 255 * 255, batch.Item(1).Tensor("instance").Length);
        Assert.Throws<KeyNotFoundException>(() => batch.Item(0).Tensor("nothing"));
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
