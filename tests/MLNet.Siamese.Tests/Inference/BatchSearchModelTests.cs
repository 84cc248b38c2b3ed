using System.Text.Json.Nodes;
using MLNet.Siamese.Inference;
using Xunit.Abstractions;

namespace MLNet.Siamese.Tests.Inference;

/// <summary>Batch mode runs the pack's graphs as they are: batched where the pack declares a batch, per item otherwise.</summary>
public class BatchSearchModelTests(ITestOutputHelper output)
{
    /// <summary>
    /// NanoTrack v3's head folds the batch into convolution groups (a depth-wise correlation with group = 96, an
    /// attribute): no constant rewrite frees that, so <c>siamese pack</c> sees the batched probe fail and writes the
    /// search graphs with batch 1; items go one per call, and asking for batches names the graph.
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
        Assert.Equal(model.Pack.ManifestPath, ex.Path);
        Assert.Equal("search", ex.Field);
        Assert.Contains("nanotrack_backbone.onnx (search[0]) declares batch 1 for \"input\"", ex.Message);
        Assert.Contains("re-run", ex.Message);
        Assert.DoesNotContain("Status Message", ex.Message);
        Assert.Contains("search graphs take one item per call", model.Pack.Description);
    }

    /// <summary>
    /// The default model's pixel-wise correlation reshapes the template features to a traced <c>[1, C, -1]</c> built by
    /// Concat (issue 14, item 8: batched calls failed with an ONNX Runtime error in every run's summary). The pack's
    /// graph takes a batch as committed (edited once by training/siamese_training/graph_edits.py): a batch of items with
    /// their own templates matches per-item calls bit for bit.
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
            Assert.Contains("the pack declares a dynamic batch", batched.Description);
        }
        using var auto = BatchSearchModel.Open(model, BatchInferenceMode.Auto);
        Assert.Contains("batched calls work", auto.Description);
    }

    [SkippableFact]
    public void The_nanotrack_search_graphs_batch_when_asked()
    {
        using var model = SiameseModel.Load(NanoTrackPacks.Get("nanotrack-v2"));
        using (var batched = BatchSearchModel.Open(model, BatchInferenceMode.Batched))
        {
            Assert.True(batched.IsBatched);
            Assert.Contains("bit-identical", batched.Description);
            Assert.Contains("the pack declares a dynamic batch", batched.Description);
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

    /// <summary>
    /// A pack whose search graphs fix batch 1 (written before graph edits moved to pack time) still tracks, one call
    /// per item, with the reason in the description; asking for batches is refused with one line naming the graph,
    /// the tensor and the fix (the graphs are never rewritten in memory).
    /// </summary>
    [SkippableFact]
    public void A_pack_with_batch_1_graphs_runs_per_item_and_names_the_fix_when_batches_are_asked()
    {
        var dir = NanoTrackPacks.Copy("nanotrack-v2");
        File.Copy(SharedData.Require("models/third_party/nanotrack-v2/nanotrack_head_sim.onnx"), Path.Combine(dir, "nanotrack_head_sim.onnx"), overwrite: true);
        var path = Path.Combine(dir, "model.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var kind in new[] { "inputs", "outputs" })
            foreach (var t in root["search"]![1]![kind]!.AsArray())
                t!["shape"]![0] = 1;
        File.WriteAllText(path, root.ToJsonString());

        using var model = SiameseModel.Load(dir);
        using (var auto = BatchSearchModel.Open(model, BatchInferenceMode.Auto))
        {
            Assert.False(auto.IsBatched);
            Assert.Contains("per-item calls: the pack's search graphs take one item per call (nanotrack_head_sim.onnx (search[1]) declares batch 1 for \"input1\")", auto.Description);
        }
        var ex = Assert.Throws<ModelPackException>(() => BatchSearchModel.Open(model, BatchInferenceMode.Batched));
        Assert.Equal(path, ex.Path);
        Assert.Equal("search", ex.Field);
        Assert.Contains("for a pack made by an older version, re-run them", ex.Message);
    }
}
