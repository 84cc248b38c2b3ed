using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging.Codecs;
using MLNet.Siamese.Inference;
using MLNet.Siamese.ML;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.Tests.ML;

/// <summary>ExtractTargetCrop + ApplyOnnxModel (TargetEmbedding): the tracker's template features as a feature column.</summary>
public class TargetEmbeddingTests
{
    public sealed class ImageRow
    {
        public string ImagePath { get; set; } = "";
        [VectorType(4)] public float[] Box { get; set; } = [];
    }

    private static ImageRow[] Rows() =>
    [
        new() { ImagePath = Path.Combine(SharedData.Require("data/sequences/Human3/img"), "0001.jpg"), Box = [264, 311, 37, 69] },
        new() { ImagePath = Path.Combine(SharedData.Require("data/sequences/Bolt/img"), "0001.jpg"), Box = [336, 165, 26, 61] },
    ];

    /// <summary>What the tracker computes at Init: the template graph on the exemplar crop.</summary>
    private static float[] TemplateFeatures(string image, BoundingBox box)
    {
        using var model = SiameseModel.Load(TrackObjectTests.Pack());
        using var workspace = model.CreateWorkspace();
        using var decoder = new ImageDecoder();
        using var frame = decoder.Decode(image);
        TemplateCrop.Extract(model.Pack, frame, box, workspace.Exemplar);
        workspace.EncodeTemplate();
        var output = model.Pack.TemplateGraphs[0].Outputs[0].Bind;
        return workspace.Tensor(output).ToArray();
    }

    [SkippableFact]
    public void Embedding_column_equals_the_trackers_template_features_and_survives_save_and_load()
    {
        var ml = new MLContext();
        var rows = Rows();
        var data = ml.Data.LoadFromEnumerable(rows);
        var options = new TargetCropOptions { ModelPack = TrackObjectTests.Pack(), ImageColumnName = "ImagePath", BoxColumnName = "Box" };
        var model = ml.Transforms.TargetEmbedding(options).Fit(data);
        var embeddings = model.Transform(data).GetColumn<float[]>("Embedding").ToList();

        for (int i = 0; i < rows.Length; i++)
        {
            var b = rows[i].Box;
            var expected = TemplateFeatures(rows[i].ImagePath, new BoundingBox(b[0], b[1], b[2], b[3]));
            Assert.Equal(expected.Length, embeddings[i].Length);
            double worst = expected.Zip(embeddings[i], (e, a) => Math.Abs(e - a)).Max();
            Assert.True(worst <= 1e-4 * expected.Max(Math.Abs), $"row {i}: max |difference| {worst}");
        }
        Assert.NotEqual(embeddings[0], embeddings[1]);

        string file = Path.Combine(Path.GetTempPath(), "mlnet-siamese-tests", $"embedding-{Guid.NewGuid():N}.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        ml.Save(model, data.Schema, file);
        var loaded = new MLContext().Load(file, out _);
        Assert.Equal(embeddings, loaded.Transform(data).GetColumn<float[]>("Embedding").ToList());
    }

    [SkippableFact]
    public void A_box_outside_the_image_fails_naming_the_transform_and_the_box()
    {
        var ml = new MLContext();
        var rows = new[] { Rows()[0] };
        rows[0].Box = [5000, 5000, 10, 10];
        var data = ml.Data.LoadFromEnumerable(rows);
        var crops = ml.Transforms.ExtractTargetCrop(new TargetCropOptions { ModelPack = TrackObjectTests.Pack(), ImageColumnName = "ImagePath", BoxColumnName = "Box" }).Fit(data).Transform(data);
        var e = Assert.Throws<TrackingException>(() => crops.GetColumn<float[]>("exemplar").ToList());
        Assert.Contains("lies outside the", e.Message);
    }
}
