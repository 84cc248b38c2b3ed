using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Mapping;
using MLNet.Siamese.ML;

namespace MLNet.Siamese.Tests.ML;

/// <summary>TrackObject with the real Microsoft.ML 6 packages: columns, schema errors, laziness, parallelism, errors.</summary>
public class TrackObjectTests
{
    internal const int Frames = 12;
    internal static readonly BoundingBox Human3Box = new(264, 311, 37, 69);
    internal static readonly BoundingBox BoltBox = new(336, 165, 26, 61);

    public sealed class VideoRow
    {
        public string Video { get; set; } = "";
        public float X { get; set; }
        public float Y { get; set; }
        public float Width { get; set; }
        public float Height { get; set; }
    }

    internal static string Pack() => Path.Combine(SharedData.RepoRoot, "models", "default");

    internal static VideoRow Row(string sequence, BoundingBox b) => new()
    {
        Video = SharedData.Require($"data/sequences/{sequence}/img"),
        X = (float)b.X, Y = (float)b.Y, Width = (float)b.Width, Height = (float)b.Height,
    };

    public sealed class NoColumns;

    /// <summary>The schema shape of a row type (SchemaShape.Create is internal: a CustomMapping declares the columns).</summary>
    internal static SchemaShape ShapeOf<T>(MLContext ml) where T : class, new() =>
        ml.Transforms.CustomMapping<NoColumns, T>((_, _) => { }, null).GetOutputSchema(new SchemaShape([]));

    internal static VideoRow[] TwoRows() => [Row("Human3", Human3Box), Row("Bolt", BoltBox)];

    /// <summary>What <c>siamese track</c> gives (the same core mapper), for comparison.</summary>
    internal static VideoTrackResult Expected(string video, BoundingBox box, long maxFrames = Frames, long start = 0)
    {
        using var mapper = new VideoTrackingMapper(new VideoTrackingOptions { ModelPack = Pack(), MaxFrames = maxFrames });
        return mapper.Track(new VideoTrackRequest(video, box, null, start));
    }

    internal static void AssertTrack(VideoTrackResult expected, TrackedVideo row)
    {
        Assert.Equal("ok", row.Status);
        Assert.Equal(expected.Records.Count, row.FrameCount);
        Assert.Equal(expected.Records.Select(r => r.FrameIndex), row.Frames);
        Assert.Equal(expected.Records.Select(r => (float)r.Box.X), row.BoxX);
        Assert.Equal(expected.Records.Select(r => (float)r.Box.Y), row.BoxY);
        Assert.Equal(expected.Records.Select(r => (float)r.Box.Width), row.BoxWidth);
        Assert.Equal(expected.Records.Select(r => (float)r.Box.Height), row.BoxHeight);
        Assert.Equal(expected.Records.Select(r => r.Score), row.Scores);
    }

    [SkippableFact]
    public void Default_columns_give_the_tracks_of_siamese_track()
    {
        var ml = new MLContext(seed: 1);
        var rows = TwoRows();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.TrackObject(new TrackObjectOptions { ModelPack = Pack(), MaxFrames = Frames }).Fit(data);
        var tracked = ml.Data.CreateEnumerable<TrackedVideo>(model.Transform(data), reuseRowObject: false).ToList();

        Assert.Equal(2, tracked.Count);
        AssertTrack(Expected(rows[0].Video, Human3Box), tracked[0]);
        AssertTrack(Expected(rows[1].Video, BoltBox), tracked[1]);
    }

    public sealed class CustomRow
    {
        public string clip { get; set; } = "";
        [VectorType(4)] public double[] init { get; set; } = [];
        public int who { get; set; }
        public long first { get; set; }
    }

    [SkippableFact]
    public void Column_names_box_vector_numeric_types_video_folder_and_start_frame_are_settings()
    {
        var ml = new MLContext(seed: 1);
        string sequences = SharedData.Require("data/sequences");
        var rows = new[] { new CustomRow { clip = "Human3/img", init = [Human3Box.X, Human3Box.Y, Human3Box.Width, Human3Box.Height], who = 7, first = 3 } };
        var data = ml.Data.LoadFromEnumerable(rows);
        var options = new TrackObjectOptions
        {
            ModelPack = Pack(), MaxFrames = Frames, VideoColumnName = "clip", VideoFolder = sequences, BoxColumnName = "init",
            TargetIdColumnName = "who", StartFrameColumnName = "first", Output = TrackObjectOutputColumns.WithPrefix("Walker"),
        };
        var estimator = ml.Transforms.TrackObject(options);
        var shape = estimator.GetOutputSchema(ShapeOf<CustomRow>(ml));
        Assert.Contains(shape, c => c.Name == "WalkerBoxX" && c.Kind == SchemaShape.Column.VectorKind.VariableVector);
        var output = estimator.Fit(data).Transform(data);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single), output.Schema["WalkerScores"].Type);

        var boxX = output.GetColumn<float[]>("WalkerBoxX").Single();
        var frames = output.GetColumn<long[]>("WalkerFrames").Single();
        var status = output.GetColumn<string>("WalkerStatus").Single();
        var expected = Expected(Path.Combine(sequences, "Human3/img"), Human3Box, start: 3);
        Assert.Equal("ok", status);
        Assert.Equal(expected.Records.Select(r => r.FrameIndex), frames);
        Assert.Equal(3, frames[0]);
        Assert.Equal(expected.Records.Select(r => (float)r.Box.X), boxX);
    }

    public sealed class TextX
    {
        public string Video { get; set; } = "";
        public string X { get; set; } = "";
        public float Y { get; set; }
        public float Width { get; set; }
        public float Height { get; set; }
    }

    public sealed class NoHeight
    {
        public string Video { get; set; } = "";
        public float X { get; set; }
        public float Y { get; set; }
        public float Width { get; set; }
    }

    [Fact]
    public void Schema_errors_name_the_transform_the_column_and_both_types()
    {
        var ml = new MLContext();
        string pack = Pack();
        var wrongType = ml.Data.LoadFromEnumerable(new[] { new TextX() });
        var missing = ml.Data.LoadFromEnumerable(new[] { new NoHeight() });
        var estimator = ml.Transforms.TrackObject(pack);

        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(wrongType));
        Assert.Contains("TrackObject: input column 'X' must be a numeric scalar", e1.Message);
        Assert.Contains("found String", e1.Message);
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(ShapeOf<NoHeight>(ml)));
        Assert.Contains("TrackObject: input column 'Height' not found", e2.Message);
        Assert.Contains("Video, X, Y, Width", e2.Message);
        var e3 = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ml.Transforms.TrackObject(new TrackObjectOptions { ModelPack = pack, StartFrameColumnName = "Start" }).Fit(ml.Data.LoadFromEnumerable(new[] { new VideoRow() })));
        Assert.Contains("'Start' not found", e3.Message);
        var e4 = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ml.Transforms.TrackObject(new TrackObjectOptions { ModelPack = pack, BoxColumnName = "X" }).Fit(ml.Data.LoadFromEnumerable(new[] { new VideoRow() })));
        Assert.Contains("'X' must be a numeric vector of 4 values", e4.Message);
        var e5 = Assert.Throws<ArgumentException>(() => ml.Transforms.TrackObject(new TrackObjectOptions { ModelPack = pack, Output = new TrackObjectOutputColumns { Error = "Status" } }));
        Assert.Contains("'Status' is used twice", e5.Message);
    }

    [Fact]
    public void A_missing_pack_fails_at_fit_with_the_pack_exception_itself()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new VideoRow() });
        var e = Assert.Throws<ModelPackException>(() => ml.Transforms.TrackObject("/nonexistent/pack").Fit(data));
        Assert.Contains("/nonexistent/pack", e.Message);
    }

    [SkippableFact]
    public void Bad_rows_become_error_rows_naming_the_file_and_good_rows_still_track()
    {
        var ml = new MLContext();
        var good = Row("Human3", Human3Box);
        var rows = new[] { new VideoRow { Video = "/nonexistent/clip.mp4", X = 1, Y = 1, Width = 5, Height = 5 }, good, new VideoRow { Video = good.Video, X = 1, Y = 1, Width = -5, Height = 5 } };
        var data = ml.Data.LoadFromEnumerable(rows);
        var tracked = ml.Data.CreateEnumerable<TrackedVideo>(ml.Transforms.TrackObject(new TrackObjectOptions { ModelPack = Pack(), MaxFrames = 5 }).Fit(data).Transform(data), false).ToList();
        Assert.Equal(["error", "ok", "error"], tracked.Select(t => t.Status));
        Assert.Contains("/nonexistent/clip.mp4", tracked[0].Error);
        Assert.Contains("init box", tracked[2].Error);
        Assert.Equal(5, tracked[1].FrameCount);
    }

    [SkippableFact]
    public void Nothing_is_tracked_before_an_output_column_is_read_and_each_row_once_per_cursor()
    {
        var ml = new MLContext();
        var rows = Enumerable.Range(0, 6).Select(_ => Row("Human3", Human3Box)).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = ml.Transforms.TrackObject(new TrackObjectOptions { ModelPack = Pack(), MaxFrames = 3, MaxParallelism = 2 }).Fit(data);
        var output = model.Transform(data);
        Assert.Equal(0, model.RowsTracked);

        // Moving over every row, input columns only: no tracking.
        using (var cursor = output.GetRowCursor(output.Schema.Where(c => c.Name is "Video" or "X")))
        {
            while (cursor.MoveNext()) { }
        }
        Assert.Equal(0, model.RowsTracked);

        using (var cursor = output.GetRowCursor(output.Schema))
        {
            Assert.True(cursor.MoveNext());
            Assert.Equal(0, model.RowsTracked);
            int count = 0;
            cursor.GetGetter<int>(output.Schema["FrameCount"])(ref count);
            var scores = default(VBuffer<float>);
            cursor.GetGetter<VBuffer<float>>(output.Schema["Scores"])(ref scores);
            Assert.Equal(3, count);
            Assert.Equal(2, model.RowsTracked); // this row and one read ahead (MaxParallelism 2), once for both columns
            while (cursor.MoveNext()) cursor.GetGetter<int>(output.Schema["FrameCount"])(ref count);
            Assert.Equal(6, model.RowsTracked);
        }

        var preview = output.Preview(maxRows: 1);
        Assert.Single(preview.RowView);
        Assert.InRange(model.RowsTracked, 7, 8); // a new cursor tracks again (use mlContext.Data.Cache to keep results)
    }

    [SkippableFact]
    public void Two_track_objects_in_one_chain_keep_their_own_outputs_and_settings()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { Row("Human3", Human3Box) });
        var pipeline = ml.Transforms.TrackObject(new TrackObjectOptions { ModelPack = Pack(), MaxFrames = 5, Output = TrackObjectOutputColumns.WithPrefix("Short") })
            .Append(ml.Transforms.TrackObject(new TrackObjectOptions { ModelPack = Pack(), MaxFrames = 10, LearningRate = 0.1, Output = TrackObjectOutputColumns.WithPrefix("Long") }));
        var output = pipeline.Fit(data).Transform(data);
        Assert.Equal(5, output.GetColumn<int>("ShortFrameCount").Single());
        Assert.Equal(10, output.GetColumn<int>("LongFrameCount").Single());
    }

    [SkippableFact]
    public void Expanded_frames_are_lazy_and_carry_every_tracked_frame_of_the_ok_rows()
    {
        var ml = new MLContext();
        var rows = new[] { Row("Human3", Human3Box), new VideoRow { Video = "/nonexistent.mp4", X = 1, Y = 1, Width = 4, Height = 4 }, Row("Bolt", BoltBox) };
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = ml.Transforms.TrackObject(new TrackObjectOptions { ModelPack = Pack(), MaxFrames = 6, MaxParallelism = 1 }).Fit(data);
        var frames = ml.Data.ExpandTrackedFrames(model.Transform(data));
        Assert.Equal(0, model.RowsTracked);
        var list = ml.Data.CreateEnumerable<TrackedFrame>(frames, reuseRowObject: false).ToList();
        Assert.Equal(3, model.RowsTracked);
        Assert.Equal(12, list.Count);
        Assert.Equal(["init", "tracked", "tracked", "tracked", "tracked", "tracked"], list.Take(6).Select(f => f.Status));
        Assert.All(list, f => Assert.Equal("0", f.TargetId));
        var expected = Expected(rows[2].Video, BoltBox, maxFrames: 6);
        Assert.Equal(expected.Records.Select(r => (float)r.Box.Width), list.Skip(6).Select(f => f.Width));
        Assert.Equal(expected.Records.Select(r => r.FrameIndex), list.Skip(6).Select(f => f.Frame));
    }

    [SkippableFact]
    public void Swapped_output_names_keep_their_types_in_the_estimator_shape_and_the_data()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { Row("Human3", Human3Box) });
        var estimator = ml.Transforms.TrackObject(new TrackObjectOptions
        {
            ModelPack = Pack(), MaxFrames = 4, Output = new TrackObjectOutputColumns { Status = "Error", Error = "Status", BoxX = "Scores", Scores = "BoxX" },
        });
        var shape = estimator.GetOutputSchema(ShapeOf<VideoRow>(ml));
        Assert.True(InputFind(shape, "Status").ItemType is TextDataViewType);
        var output = estimator.Fit(data).Transform(data);
        Assert.Equal("ok", output.GetColumn<string>("Error").Single());
        Assert.Equal(1f, output.GetColumn<float[]>("BoxX").Single()[0]); // the scores
        Assert.Equal((float)Human3Box.X, output.GetColumn<float[]>("Scores").Single()[0]);
    }

    private static SchemaShape.Column InputFind(SchemaShape shape, string name) => shape.Last(c => c.Name == name);

    [SkippableFact]
    public void Rows_tracked_in_parallel_equal_rows_tracked_one_by_one()
    {
        var ml = new MLContext();
        var rows = new[] { Row("Human3", Human3Box), Row("Bolt", BoltBox), Row("Human3", Human3Box), Row("Bolt", BoltBox) };
        var data = ml.Data.LoadFromEnumerable(rows);
        List<TrackedVideo> Run(int parallelism) => ml.Data.CreateEnumerable<TrackedVideo>(
            ml.Transforms.TrackObject(new TrackObjectOptions { ModelPack = Pack(), MaxFrames = Frames, MaxParallelism = parallelism }).Fit(data).Transform(data), false).ToList();
        var serial = Run(1);
        var parallel = Run(4);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(serial[i].BoxX, parallel[i].BoxX);
            Assert.Equal(serial[i].Scores, parallel[i].Scores);
        }
    }

    [SkippableFact]
    public void Cuda_on_the_cpu_package_fails_without_fallback_and_warns_once_with_it()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { Row("Human3", Human3Box) });
        var strict = ml.Transforms.TrackObject(new TrackObjectOptions { ModelPack = Pack(), MaxFrames = 3, GpuDeviceId = 0 }).Fit(data).Transform(data);
        var e = Assert.Throws<InvalidOperationException>(() => strict.GetColumn<int>("FrameCount").ToList());
        Assert.Contains("CUDA device 0", e.Message);
        Assert.Contains("FallbackToCpu is false", e.Message);

        var logger = new ListLogger();
        var lenient = ml.Transforms.TrackObject(new TrackObjectOptions { ModelPack = Pack(), MaxFrames = 3, GpuDeviceId = 0, FallbackToCpu = true, Logger = logger }).Fit(data).Transform(data);
        Assert.Equal(3, lenient.GetColumn<int>("FrameCount").Single());
        var warning = Assert.Single(logger.Entries);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("falling back to CPU", warning.Message);
    }
}
