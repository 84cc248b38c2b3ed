using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Mapping;
using MLNet.Siamese.ML;
using Xunit.Abstractions;

namespace MLNet.Siamese.Tests.ML;

/// <summary>Frames as rows (TrackObjectFrames) and the stateful TrackingEngine, with the real Microsoft.ML 6 packages.</summary>
public class TrackFramesTests(ITestOutputHelper output)
{
    private const int Frames = TrackObjectTests.Frames;

    public sealed class FrameRow
    {
        public string Video { get; set; } = "";
        public string ImagePath { get; set; } = "";
        public int Frame { get; set; }
        public float X { get; set; } = float.NaN;
        public float Y { get; set; } = float.NaN;
        public float Width { get; set; } = float.NaN;
        public float Height { get; set; } = float.NaN;
    }

    public sealed class FrameResult : TrackedFrameColumns
    {
        public string Video { get; set; } = "";
        public int Frame { get; set; }
    }

    private static string[] FramesOf(string sequence, int count = Frames) =>
        Directory.GetFiles(SharedData.Require($"data/sequences/{sequence}/img"), "*.jpg").Order(StringComparer.Ordinal).Take(count).ToArray();

    /// <summary>The first <paramref name="count"/> frames of a shared sequence as rows, the box on the first only.</summary>
    internal static IEnumerable<FrameRow> Rows(string sequence, BoundingBox box, int count = Frames) => FramesOf(sequence, count).Select((path, i) => i == 0
        ? new FrameRow { Video = sequence, ImagePath = path, Frame = i, X = (float)box.X, Y = (float)box.Y, Width = (float)box.Width, Height = (float)box.Height }
        : new FrameRow { Video = sequence, ImagePath = path, Frame = i });

    /// <summary>Human3 and Bolt frames interleaved row by row.</summary>
    private static List<FrameRow> Interleaved()
    {
        var a = Rows("Human3", TrackObjectTests.Human3Box).ToList();
        var b = Rows("Bolt", TrackObjectTests.BoltBox).ToList();
        return a.Zip(b).SelectMany(p => new[] { p.First, p.Second }).ToList();
    }

    private static TrackFramesOptions Options(string image = "ImagePath") =>
        new() { ModelPack = TrackObjectTests.Pack(), ImageColumnName = image, GroupColumnName = "Video", FrameColumnName = "Frame" };

    private static void AssertEqualsVideoTrack(VideoTrackResult expected, IReadOnlyList<FrameResult> rows)
    {
        Assert.Equal(expected.Records.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var r = expected.Records[i];
            Assert.Equal(i == 0 ? "init" : "tracked", rows[i].Status);
            Assert.Equal(((float)r.Box.X, (float)r.Box.Y, (float)r.Box.Width, (float)r.Box.Height, r.Score),
                (rows[i].BoxX, rows[i].BoxY, rows[i].BoxWidth, rows[i].BoxHeight, rows[i].Score));
        }
    }

    [SkippableFact]
    public void Interleaved_frame_rows_with_image_paths_give_siamese_track_boxes_on_every_frame()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(Interleaved());
        using var model = ml.Transforms.TrackObjectFrames(Options()).Fit(data);
        var output = model.Transform(data);
        Assert.Equal(0, model.FramesTracked);
        var rows = ml.Data.CreateEnumerable<FrameResult>(output, reuseRowObject: false).ToList();
        Assert.Equal(2 * Frames, model.FramesTracked);

        AssertEqualsVideoTrack(TrackObjectTests.Expected(SharedData.Require("data/sequences/Human3/img"), TrackObjectTests.Human3Box), rows.Where(r => r.Video == "Human3").ToList());
        AssertEqualsVideoTrack(TrackObjectTests.Expected(SharedData.Require("data/sequences/Bolt/img"), TrackObjectTests.BoltBox), rows.Where(r => r.Video == "Bolt").ToList());
    }

    [SkippableFact]
    public void Load_images_then_track_frames_works_and_the_engine_reproduces_it_frame_by_frame()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(Rows("Human3", TrackObjectTests.Human3Box));
        var pipeline = ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: "ImagePath")
            .Append(ml.Transforms.TrackObjectFrames(Options("Image")));
        var model = pipeline.Fit(data);
        var rows = ml.Data.CreateEnumerable<FrameResult>(model.Transform(data), reuseRowObject: false).ToList();
        Assert.All(rows, r => Assert.NotEqual("error", r.Status));

        // MLImage decodes JPEG with SkiaSharp, siamese track with libjpeg-turbo as OpenCV: report how far apart they are.
        var expected = TrackObjectTests.Expected(SharedData.Require("data/sequences/Human3/img"), TrackObjectTests.Human3Box);
        double worst = rows.Zip(expected.Records).Max(p => 1 - new BoundingBox(p.First.BoxX, p.First.BoxY, p.First.BoxWidth, p.First.BoxHeight).IoU(p.Second.Box));
        output.WriteLine($"MLImage (SkiaSharp decode) vs siamese track: worst 1 - IoU over {rows.Count} frames = {worst:0.0000}");
        Assert.True(worst < 0.1, $"MLImage frames drift from siamese track: 1 - IoU = {worst}");
        AssertEqualsVideoTrack(expected, rows); // measured: identical on these frames (SkiaSharp decodes with libjpeg-turbo too)

        // The engine made from the fitted model, fed the same MLImages one by one, gives the same boxes.
        using var engine = model.CreateTrackingEngine();
        var paths = FramesOf("Human3");
        for (int i = 0; i < paths.Length; i++)
        {
            using var image = MLImage.CreateFromFile(paths[i]);
            var b = TrackObjectTests.Human3Box;
            var r = i == 0 ? engine.Init(image, (float)b.X, (float)b.Y, (float)b.Width, (float)b.Height) : engine.Track(image);
            Assert.Equal((rows[i].BoxX, rows[i].BoxY, rows[i].BoxWidth, rows[i].BoxHeight, rows[i].Score), (r.X, r.Y, r.Width, r.Height, r.Score));
            Assert.Equal(i, r.Frame);
        }
    }

    [SkippableFact]
    public void A_frame_out_of_order_and_an_unreadable_image_become_error_rows_and_tracking_goes_on()
    {
        var ml = new MLContext();
        var rows = Rows("Human3", TrackObjectTests.Human3Box).ToList();
        rows.Insert(3, new FrameRow { Video = "Human3", ImagePath = rows[1].ImagePath, Frame = 1 }); // repeats frame 1
        rows.Insert(5, new FrameRow { Video = "Human3", ImagePath = "/nonexistent/0004.jpg", Frame = 20 });
        var bad = new FrameRow { Video = "Ghost", ImagePath = rows[0].ImagePath, Frame = 0, X = 1, Y = 1, Width = -4, Height = 4 };
        rows.Add(bad);
        var data = ml.Data.LoadFromEnumerable(rows);
        var result = ml.Data.CreateEnumerable<FrameResult>(ml.Transforms.TrackObjectFrames(Options()).Fit(data).Transform(data), false).ToList();
        Assert.Equal("error", result[3].Status);
        Assert.Contains("group 'Human3': frame 1 does not come after frame 2", result[3].Error);
        Assert.Equal("error", result[5].Status);
        Assert.Contains("/nonexistent/0004.jpg", result[5].Error);
        Assert.True(float.IsNaN(result[5].BoxX));
        Assert.Equal("error", result[^1].Status);
        Assert.Contains("group 'Ghost': first frame", result[^1].Error);
        Assert.Equal(Frames, result.Count(r => r.Video == "Human3" && r.Status != "error"));
    }

    [SkippableFact]
    public void Frames_transform_saves_and_loads_with_its_settings()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(Rows("Human3", TrackObjectTests.Human3Box));
        var model = ml.Transforms.TrackObjectFrames(Options() with { LearningRate = 0.2, Output = new TrackFramesOutputColumns { Score = "Confidence" } }).Fit(data);
        var before = model.Transform(data).GetColumn<float>("Confidence").ToArray();
        string file = Path.Combine(Path.GetTempPath(), "mlnet-siamese-tests", $"frames-{Guid.NewGuid():N}.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        ml.Save(model, data.Schema, file);
        var loaded = new MLContext().Load(file, out _);
        Assert.Equal(before, loaded.Transform(data).GetColumn<float>("Confidence").ToArray());
        var t = Assert.IsType<TrackFramesTransformer>(loaded is IEnumerable<ITransformer> chain ? chain.Single() : loaded);
        Assert.Equal(0.2, t.Options.LearningRate);
    }

    [Fact]
    public void Schema_errors_name_the_image_column_and_its_type()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new TrackObjectTests.VideoRow() });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.TrackObjectFrames(new TrackFramesOptions { ModelPack = TrackObjectTests.Pack(), ImageColumnName = "X" }).Fit(data));
        Assert.Contains("TrackObjectFrames: input column 'X' must be an image (MLImage, from LoadImages) or Text with the image path, found Single", e.Message);
    }
}
