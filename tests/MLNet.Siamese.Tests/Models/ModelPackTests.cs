using System.Text.Json.Nodes;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Models;

namespace MLNet.Siamese.Tests.Models;

public class ModelPackTests
{
    [SkippableTheory]
    [InlineData("nanotrack-v1", 16, 0.462, 0.148, 0.390)]
    [InlineData("nanotrack-v2", 16, 0.490, 0.150, 0.385)]
    [InlineData("nanotrack-v3", 15, 0.455, 0.138, 0.348)]
    [InlineData("nanotrack-split", 16, 0.490, 0.150, 0.385)]
    public void Imported_NanoTrack_packs_carry_the_release_config(string release, int scoreSize, double wi, double pk, double lr)
    {
        var pack = NanoTrackPacks.Load(release);
        Assert.Equal(TrackerFamily.NanoTrack, pack.Family);
        Assert.Equal(DecoderKind.Point, pack.Decoder);
        Assert.Equal(scoreSize, pack.ScoreSize);
        Assert.Equal(16, pack.Stride);
        Assert.Equal(new TrackingHyperparameters(wi, pk, lr), pack.Hyperparameters);
        Assert.Equal(127, pack.ExemplarSize);
        Assert.Equal(255, pack.InstanceSize);
        using var model = SiameseModel.Load(pack);
        Assert.Equal(ExecutionDevice.Cpu, model.Device);
    }

    [Fact]
    public void Missing_folder_names_the_path()
    {
        var ex = Assert.Throws<ModelPackException>(() => ModelPack.Load("/nonexistent/pack"));
        Assert.Contains("/nonexistent/pack", ex.Message);
    }

    [Fact]
    public void Folder_without_manifest_is_rejected()
    {
        var dir = Directory.CreateTempSubdirectory("pack-empty").FullName;
        var ex = Assert.Throws<ModelPackException>(() => ModelPack.Load(dir));
        Assert.Contains("model.json", ex.Message);
    }

    [Fact]
    public void Malformed_json_names_file_and_line()
    {
        var dir = Directory.CreateTempSubdirectory("pack-bad").FullName;
        File.WriteAllText(Path.Combine(dir, "model.json"), "{\n  \"format\": \"mlnet-siamese-pack/1\",\n  \"name\": oops\n}");
        var ex = Assert.Throws<ModelPackException>(() => ModelPack.Load(dir));
        Assert.EndsWith("model.json", ex.Path);
        Assert.Contains("line 3", ex.Message);
    }

    [SkippableTheory]
    [InlineData("family", "\"siamxyz\"", "family", "unknown family")]
    [InlineData("format", "\"other/2\"", "format", "unsupported format")]
    [InlineData("input.colorOrder", "\"yuv\"", "input.colorOrder", "yuv")]
    [InlineData("input.exemplarSize", "0", "input.exemplarSize", "positive")]
    [InlineData("hyperparameters.windowInfluence", "1.5", "hyperparameters.windowInfluence", "outside")]
    [InlineData("search[0].file", "\"../../etc/passwd\"", "search[0].file", "escapes the pack folder")]
    [InlineData("search[1].file", "\"missing.onnx\"", "search[1].file", "not found")]
    [InlineData("search[1].inputs[0].bind", "\"nothing\"", "search[1].inputs[0].bind", "not produced")]
    [InlineData("search[1].outputs[0].shape", "[1, 2, 17, 17]", "search[1].outputs[0].shape", "must be [1, C, 16, 16]")]
    public void Invalid_fields_are_reported_with_their_path(string field, string json, string expectedField, string expectedText)
    {
        var dir = NanoTrackPacks.Copy("nanotrack-v2");
        Edit(dir, field, json);
        var ex = Assert.Throws<ModelPackException>(() => ModelPack.Load(dir));
        Assert.Equal(expectedField, ex.Field);
        Assert.Contains(expectedText, ex.Message);
    }

    [SkippableFact]
    public void Unknown_manifest_member_is_rejected()
    {
        var dir = NanoTrackPacks.Copy("nanotrack-v2");
        var path = Path.Combine(dir, "model.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        root["windowInfluence"] = 0.3; // misplaced: belongs under hyperparameters
        File.WriteAllText(path, root.ToJsonString());
        var ex = Assert.Throws<ModelPackException>(() => ModelPack.Load(dir));
        Assert.Contains("windowInfluence", ex.Message);
    }

    [SkippableFact]
    public void Shape_disagreeing_with_onnx_metadata_is_rejected_at_load()
    {
        var dir = NanoTrackPacks.Copy("nanotrack-v2");
        Edit(dir, "search[1].inputs[0].shape", "[1, 48, 7, 7]");
        var pack = ModelPack.Load(dir);
        var ex = Assert.Throws<ModelPackException>(() => SiameseModel.Load(pack));
        Assert.Equal("search[1].inputs[0].shape", ex.Field);
        Assert.EndsWith("nanotrack_head_sim.onnx", ex.Path);
        Assert.Contains("disagrees with the ONNX metadata", ex.Message);
    }

    /// <summary>Graphs load as they are: the released backbone, fixed at 255, cannot encode the 127 template.</summary>
    [SkippableFact]
    public void Fixed_size_backbone_is_rejected_with_the_fix()
    {
        var dir = NanoTrackPacks.Copy("nanotrack-v2");
        File.Copy(SharedData.Require("models/third_party/nanotrack-v2/nanotrack_backbone_sim.onnx"), Path.Combine(dir, "nanotrack_backbone_sim.onnx"), overwrite: true);
        var ex = Assert.Throws<ModelPackException>(() => SiameseModel.Load(ModelPack.Load(dir)));
        Assert.Equal("template[0].inputs[0].shape", ex.Field);
        Assert.Contains("re-run 'siamese pack'", ex.Message);
    }

    /// <summary>
    /// A pack written before graph edits moved to pack time asks the loader to edit its backbone: it is refused with
    /// one line naming the field and the command that writes the edited graphs (no silent in-memory rewrite).
    /// </summary>
    [SkippableFact]
    public void An_old_pack_that_asks_for_load_time_edits_names_the_fix()
    {
        var dir = NanoTrackPacks.Copy("nanotrack-v2");
        Edit(dir, "template[0].freeSpatialDims", "true");
        var ex = Assert.Throws<ModelPackException>(() => ModelPack.Load(dir));
        Assert.Equal("template[0].freeSpatialDims", ex.Field);
        Assert.Equal(Path.Combine(dir, "model.json"), ex.Path);
        Assert.Contains($"re-run 'siamese pack nanotrack --source <release folder> --out {dir}'", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
    }

    [SkippableFact]
    public void Corrupt_onnx_file_is_reported()
    {
        var dir = NanoTrackPacks.Copy("nanotrack-v2");
        File.WriteAllBytes(Path.Combine(dir, "nanotrack_head_sim.onnx"), [1, 2, 3, 4, 5]);
        var ex = Assert.Throws<ModelPackException>(() => SiameseModel.Load(ModelPack.Load(dir)));
        Assert.EndsWith("nanotrack_head_sim.onnx", ex.Path);
    }

    /// <summary>Crop sizes the graphs cannot take are refused at load, naming the field (issue 14, item 4).</summary>
    [SkippableTheory]
    [InlineData("nanotrack-v2", "input.instanceSize", "287", null, null, "input.instanceSize", "287 disagrees with search[0].inputs[0].shape [-1, 3, 255, 255]")]
    [InlineData("nanotrack-v2", "input.exemplarSize", "100", null, null, "input.exemplarSize", "100 disagrees with template[0].inputs[0].shape [1, 3, 127, 127]")]
    [InlineData("nanotrack-v2", "input.exemplarSize", "100", "template[0].inputs[0].shape", "[1, 3, 100, 100]", "input.exemplarSize",
        "100 does not fit nanotrack_backbone_sim.onnx (template[0]: graph gives zf [1, 48, 7, 7], manifest template[0].outputs[0].shape says [1, 48, 8, 8])")]
    [InlineData("default", "input.instanceSize", "287", "search[0].inputs[0].shape", "[-1, 3, 287, 287]", "input.instanceSize",
        "287 does not fit search.onnx (search[0]: graph gives a 18×18 score map, manifest output.scoreSize says 16)")]
    [InlineData("default", "input.instanceSize", "100000", null, null, "input.instanceSize", "100000 is outside [16, 2048]")]
    [InlineData("default", "input.instanceSize", "2000000000", null, null, "input.instanceSize", "2000000000 is outside [16, 2048]")]
    [InlineData("default", "input.exemplarSize", "8", null, null, "input.exemplarSize", "8 is outside [16, 2048]")]
    [InlineData("default", "output.scoreSize", "40", null, null, "output.scoreSize", "40 score-map points 16 px apart span 624 px, more than instanceSize 255")]
    public void Crop_sizes_the_graphs_cannot_take_are_refused_at_load(string pack, string field, string value, string? field2, string? value2,
        string expectedField, string expectedText)
    {
        var dir = pack == "default" ? CopyDefault() : NanoTrackPacks.Copy(pack);
        Edit(dir, field, value);
        if (field2 is not null) Edit(dir, field2, value2!);
        var ex = Assert.Throws<ModelPackException>(() => SiameseModel.Load(dir).Dispose());
        Assert.Equal(Path.Combine(dir, "model.json"), ex.Path);
        Assert.Equal(expectedField, ex.Field);
        Assert.Contains(expectedText, ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
    }

    [SkippableTheory]
    [InlineData("nanotrack-v1")]
    [InlineData("nanotrack-v2")]
    [InlineData("nanotrack-v3")]
    [InlineData("nanotrack-split")]
    [InlineData("default")]
    public void Geometry_check_passes_for_the_real_packs(string pack)
    {
        using var model = SiameseModel.Load(pack == "default" ? DefaultPackDir : NanoTrackPacks.Get(pack));
        Assert.Equal(pack == "nanotrack-v3" ? 15 : 16, model.Pack.ScoreSize);
    }

    private static string DefaultPackDir => Path.Combine(SharedData.RepoRoot, "models", "default");

    /// <summary>A writable copy of models/default (ONNX files and manifest only).</summary>
    internal static string CopyDefault()
    {
        var dir = Directory.CreateTempSubdirectory("pack-default").FullName;
        foreach (var f in new[] { "model.json", "template.onnx", "search.onnx" })
            File.Copy(Path.Combine(DefaultPackDir, f), Path.Combine(dir, f));
        return dir;
    }

    /// <summary>Sets a manifest value addressed by a dotted path with [i] indices.</summary>
    private static void Edit(string dir, string field, string json)
    {
        var path = Path.Combine(dir, "model.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        JsonNode node = root;
        var parts = field.Split('.');
        for (int i = 0; i < parts.Length; i++)
        {
            var (name, index) = Split(parts[i]);
            bool last = i == parts.Length - 1;
            if (last && index is null) { node[name] = JsonNode.Parse(json); break; }
            node = node[name]!;
            if (index is { } k)
            {
                if (last) { node[k] = JsonNode.Parse(json); break; }
                node = node[k]!;
            }
        }
        File.WriteAllText(path, root.ToJsonString());

        static (string, int?) Split(string part)
        {
            int b = part.IndexOf('[');
            return b < 0 ? (part, null) : (part[..b], int.Parse(part[(b + 1)..^1]));
        }
    }
}
