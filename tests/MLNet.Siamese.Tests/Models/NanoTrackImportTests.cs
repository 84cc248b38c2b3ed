using MLNet.Siamese.Inference;
using MLNet.Siamese.Models;
using MLNet.Siamese.Models.Import;

namespace MLNet.Siamese.Tests.Models;

/// <summary>
/// <c>siamese pack nanotrack</c> is transactional (issue 14, item 10): a pack is built aside, validated like any pack
/// (geometry check included) and renamed into place; a failure names the file and leaves nothing behind.
/// Fake releases are temporary folders of symbolic links to ../shared (no weights are copied into the repository).
/// </summary>
public class NanoTrackImportTests
{
    private static string Release(string name) => SharedData.Require("models/third_party/" + name);

    /// <summary>A temporary release folder: links to files of real releases, or edited bytes.</summary>
    private static string FakeRelease(params (string Name, string LinkTo)[] files)
    {
        var dir = Directory.CreateTempSubdirectory("fake-release").FullName;
        foreach (var (name, to) in files) File.CreateSymbolicLink(Path.Combine(dir, name), to);
        return dir;
    }

    private static (string Parent, string Out) NewTarget()
    {
        var parent = Directory.CreateTempSubdirectory("pack-out").FullName;
        return (parent, Path.Combine(parent, "pack"));
    }

    [SkippableFact]
    public void Packing_over_an_existing_pack_replaces_it_without_stale_files()
    {
        var (parent, target) = NewTarget();
        NanoTrackPackImporter.Import(Release("nanotrack-v3"), target);
        Assert.True(File.Exists(Path.Combine(target, "nanotrack_head.onnx")));
        var pack = NanoTrackPackImporter.Import(Release("nanotrack-v2"), target);
        Assert.Equal(16, pack.ScoreSize);
        Assert.Equal(["model.json", "nanotrack_backbone_sim.onnx", "nanotrack_head_sim.onnx"],
            Directory.GetFiles(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal([target], Directory.GetFileSystemEntries(parent));
    }

    [SkippableFact]
    public void A_head_that_does_not_fit_the_backbone_is_named_and_nothing_is_left_behind()
    {
        string v2 = Release("nanotrack-v2"), v3 = Release("nanotrack-v3");
        var source = FakeRelease(("nanotrack_backbone_sim.onnx", Path.Combine(v2, "nanotrack_backbone_sim.onnx")),
            ("nanotrack_head_sim.onnx", Path.Combine(v3, "nanotrack_head.onnx")), ("config.yaml", Path.Combine(v2, "config.yaml")));
        var (parent, target) = NewTarget();
        var ex = Assert.Throws<ModelPackException>(() => NanoTrackPackImporter.Import(source, target));
        Assert.Equal(Path.Combine(source, "nanotrack_head_sim.onnx"), ex.Path);
        Assert.Contains("does not fit nanotrack_backbone_sim.onnx: the head takes 96-channel features, the backbone gives 48", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(parent));
    }

    /// <summary>A head whose score map has no fixed size used to give "output.scoreSize: must be positive, got -1".</summary>
    [SkippableFact]
    public void A_head_without_fixed_shapes_is_named()
    {
        string v2 = Release("nanotrack-v2");
        var source = FakeRelease(("nanotrack_backbone_sim.onnx", Path.Combine(v2, "nanotrack_backbone_sim.onnx")), ("config.yaml", Path.Combine(v2, "config.yaml")));
        var head = OnnxGraphEdits.Read(Path.Combine(v2, "nanotrack_head_sim.onnx"));
        OnnxGraphEdits.FreeSpatialDimensions(head);
        File.WriteAllBytes(Path.Combine(source, "nanotrack_head_sim.onnx"), OnnxGraphEdits.ToBytes(head));
        var (parent, target) = NewTarget();
        var ex = Assert.Throws<ModelPackException>(() => NanoTrackPackImporter.Import(source, target));
        Assert.Equal(Path.Combine(source, "nanotrack_head_sim.onnx"), ex.Path);
        Assert.Contains("not a NanoTrack head", ex.Message);
        Assert.Contains("[1, 48, ?, ?]", ex.Message);
        Assert.DoesNotContain("scoreSize", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(parent));
    }

    [SkippableFact]
    public void A_failed_pack_leaves_the_existing_pack_untouched()
    {
        var (parent, target) = NanoTrackPackTarget();
        string before = File.ReadAllText(Path.Combine(target, "model.json"));
        string v2 = Release("nanotrack-v2");
        var source = FakeRelease(("nanotrack_backbone_sim.onnx", Path.Combine(v2, "nanotrack_backbone_sim.onnx")),
            ("nanotrack_head_sim.onnx", Path.Combine(v2, "nanotrack_backbone_sim.onnx")), ("config.yaml", Path.Combine(v2, "config.yaml")));
        var ex = Assert.Throws<ModelPackException>(() => NanoTrackPackImporter.Import(source, target));
        Assert.Contains("not a NanoTrack head: it has 1 input(s) and 1 output(s)", ex.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(target, "model.json")));
        Assert.Equal([target], Directory.GetFileSystemEntries(parent));
        SiameseModel.Load(target).Dispose();
    }

    [SkippableFact]
    public void Crop_sizes_in_the_config_that_the_graphs_cannot_take_are_refused_before_the_pack_exists()
    {
        string v2 = Release("nanotrack-v2");
        var source = FakeRelease(("nanotrack_backbone_sim.onnx", Path.Combine(v2, "nanotrack_backbone_sim.onnx")),
            ("nanotrack_head_sim.onnx", Path.Combine(v2, "nanotrack_head_sim.onnx")));
        File.WriteAllText(Path.Combine(source, "config.yaml"),
            File.ReadAllText(Path.Combine(v2, "config.yaml")).Replace("EXEMPLAR_SIZE: 127", "EXEMPLAR_SIZE: 100"));
        Assert.Contains("EXEMPLAR_SIZE: 100", File.ReadAllText(Path.Combine(source, "config.yaml")));
        var (parent, target) = NewTarget();
        var ex = Assert.Throws<ModelPackException>(() => NanoTrackPackImporter.Import(source, target));
        Assert.Equal(source, ex.Path);
        Assert.Contains("field 'input.exemplarSize': 100 does not fit nanotrack_backbone_sim.onnx (template[0]: graph gives zf [1, 48, 7, 7]", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(parent));
    }

    /// <summary>A v3 release without config.yaml used to get v2's constants silently.</summary>
    [SkippableFact]
    public void A_release_without_config_is_refused_unless_the_constants_are_given()
    {
        string v3 = Release("nanotrack-v3");
        var source = FakeRelease(("nanotrack_backbone.onnx", Path.Combine(v3, "nanotrack_backbone.onnx")), ("nanotrack_head.onnx", Path.Combine(v3, "nanotrack_head.onnx")));
        var (parent, target) = NewTarget();
        var ex = Assert.Throws<ModelPackException>(() => NanoTrackPackImporter.Import(source, target));
        Assert.Equal(Path.Combine(source, "config.yaml"), ex.Path);
        Assert.Contains("--config", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(parent));

        var pack = NanoTrackPackImporter.Import(source, target, new NanoTrackImportOptions { ConfigPath = Path.Combine(v3, "config.yaml") });
        Assert.Equal(new TrackingHyperparameters(0.455, 0.138, 0.348), pack.Hyperparameters);
        var given = new TrackingHyperparameters(0.4, 0.1, 0.3);
        pack = NanoTrackPackImporter.Import(source, target, new NanoTrackImportOptions { Hyperparameters = given });
        Assert.Equal(given, pack.Hyperparameters);
        Assert.Contains("given explicitly", pack.Source);
    }

    [SkippableFact]
    public void A_folder_that_is_not_a_pack_is_never_replaced()
    {
        var (_, target) = NewTarget();
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "notes.txt"), "mine");
        var ex = Assert.Throws<ModelPackException>(() => NanoTrackPackImporter.Import(Release("nanotrack-v2"), target));
        Assert.Contains("is not a model pack", ex.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(target, "notes.txt")));
    }

    private static (string Parent, string Out) NanoTrackPackTarget()
    {
        var (parent, target) = NewTarget();
        NanoTrackPackImporter.Import(Release("nanotrack-v2"), target);
        return (parent, target);
    }
}
