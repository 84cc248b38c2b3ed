using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.ML;

namespace MLNet.Siamese.Tests.ML;

/// <summary>Saved TrackObject models are self-contained and keep their settings (TrackingModel.Save / Load).</summary>
public class TrackingModelTests
{
    private static string TempPath(string name) =>
        Path.Combine(Path.GetTempPath(), "mlnet-siamese-tests", $"{name}-{Guid.NewGuid():N}");

    private static string CopyPack()
    {
        string to = TempPath("pack");
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(TrackObjectTests.Pack())) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        return to;
    }

    [SkippableFact]
    public void A_saved_chain_loads_without_its_pack_folder_and_keeps_each_transforms_settings()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { TrackObjectTests.Row("Human3", TrackObjectTests.Human3Box) });
        string pack = CopyPack();
        var pipeline = ml.Transforms.TrackObject(new TrackObjectOptions { ModelPack = pack, MaxFrames = 5, Output = TrackObjectOutputColumns.WithPrefix("A") })
            .Append(ml.Transforms.CopyColumns("VideoCopy", "Video"))
            .Append(ml.Transforms.TrackObject(new TrackObjectOptions { ModelPack = pack, MaxFrames = 10, LearningRate = 0.1, Output = TrackObjectOutputColumns.WithPrefix("B") }));
        var model = pipeline.Fit(data);
        var before = model.Transform(data);
        var aBefore = before.GetColumn<float[]>("ABoxX").Single();
        var bBefore = before.GetColumn<float[]>("BBoxX").Single();

        string file = TempPath("model") + ".zip";
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        ml.Save(model, data.Schema, file);
        Directory.Delete(pack, recursive: true); // the pack folder is gone

        var fresh = new MLContext(seed: 2);
        var loaded = fresh.Load(file, out var schema, new TrackingLoadOptions { PackCacheFolder = TempPath("cache") });
        Assert.Equal(data.Schema.Select(c => c.Name), schema.Select(c => c.Name));
        var after = loaded.Transform(data);
        Assert.Equal(5, after.GetColumn<int>("AFrameCount").Single());
        Assert.Equal(10, after.GetColumn<int>("BFrameCount").Single());
        Assert.Equal(aBefore, after.GetColumn<float[]>("ABoxX").Single());
        Assert.Equal(bBefore, after.GetColumn<float[]>("BBoxX").Single());
        Assert.Equal(data.GetColumn<string>("Video"), after.GetColumn<string>("VideoCopy"));
        var transforms = ((IEnumerable<ITransformer>)loaded).OfType<TrackObjectTransformer>().ToList();
        Assert.Equal([5L, 10L], transforms.Select(t => t.Options.MaxFrames!.Value));
        Assert.Equal([null, 0.1], transforms.Select(t => t.Options.LearningRate));
    }

    [SkippableFact]
    public void Plain_ml_net_save_and_load_fail_with_a_message_that_says_what_to_call()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { TrackObjectTests.Row("Human3", TrackObjectTests.Human3Box) });
        var model = ml.Transforms.TrackObject(TrackObjectTests.Pack()).Fit(data);
        string file = TempPath("plain") + ".zip";
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);

        var save = Record.Exception(() => ml.Model.Save(model, data.Schema, file));
        Assert.NotNull(save);
        Assert.Contains("mlContext.Save(model, schema, path)", Flatten(save));

        ml.Save(model, data.Schema, file);
        var unregistered = Record.Exception(() => new MLContext().Model.Load(file, out _));
        Assert.NotNull(unregistered);
        Assert.Contains("mlContext.Load(path, out schema)", Flatten(unregistered)); // ML.NET wraps it in TargetInvocationException

        var registered = new MLContext();
        registered.ComponentCatalog.RegisterAssembly(typeof(TrackingModel).Assembly);
        var load = Record.Exception(() => registered.Model.Load(file, out _));
        Assert.NotNull(load);
        Assert.Contains("not mlContext.Model.Load", Flatten(load));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
