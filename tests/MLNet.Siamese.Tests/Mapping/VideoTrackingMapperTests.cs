using MLNet.Siamese.Geometry;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Mapping;
using MLNet.Siamese.Models;
using MLNet.Siamese.Output;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Tests.Mapping;

/// <summary>The ML.NET adapter's row → track logic, tested without ML.NET.</summary>
public class VideoTrackingMapperTests
{
    private const int Frames = 40;
    private static readonly BoundingBox Human3Box = new(264, 311, 37, 69);

    private static VideoTrackingMapper Mapper(long? maxFrames = Frames, double? lr = null) =>
        new(new VideoTrackingOptions { ModelPack = NanoTrackPacks.Get("nanotrack-v2"), MaxFrames = maxFrames, LearningRate = lr });

    private static string Human3() => SharedData.Require("data/sequences/Human3/img");

    [SkippableFact]
    public void Tracks_a_shared_sequence_exactly_as_the_core_tracker()
    {
        string video = Human3();
        using var mapper = Mapper();
        var result = mapper.Track(new VideoTrackRequest(video, Human3Box, "walker"));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("ok", result.Status);
        Assert.Equal(Frames, result.Records.Count);
        Assert.Equal(Enumerable.Range(0, Frames).Select(i => (long)i), result.Records.Select(r => r.FrameIndex));
        Assert.Equal(TrackStatus.Init, result.Records[0].Status);
        Assert.Equal(Human3Box, result.Records[0].Box);
        Assert.All(result.Records.Skip(1), r => Assert.Equal(TrackStatus.Tracked, r.Status));
        Assert.All(result.Records, r => Assert.Equal("walker", r.TargetId));

        // The reference: the library's own Init/Track loop over the same model.
        using var tracker = SiameseTracker.Create(mapper.Model);
        using var source = FrameSource.Open(video);
        var expected = new List<BoundingBox>();
        while (expected.Count < Frames && source.ReadNext() is { } frame)
            using (frame)
            {
                if (expected.Count == 0) { tracker.Init(frame, Human3Box); expected.Add(Human3Box); }
                else expected.Add(tracker.Track(frame).Box);
            }
        Assert.Equal(expected, result.Records.Select(r => r.Box));
    }

    [SkippableFact]
    public void Concurrent_calls_on_one_mapper_give_the_sequential_results()
    {
        string video = Human3();
        using var mapper = Mapper(maxFrames: 25);
        var requests = new[] { 0L, 5, 12 }.Select(s => new VideoTrackRequest(video, Human3Box, $"t{s}", s)).ToArray();
        var sequential = requests.Select(r => mapper.Track(r)).ToArray();
        var parallel = new VideoTrackResult[requests.Length];
        Parallel.For(0, requests.Length, new ParallelOptions { MaxDegreeOfParallelism = requests.Length }, i => parallel[i] = mapper.Track(requests[i]));

        for (int i = 0; i < requests.Length; i++)
        {
            Assert.True(parallel[i].Succeeded, parallel[i].Error);
            Assert.Equal(sequential[i].Records, parallel[i].Records);
        }
    }

    [SkippableFact]
    public void Start_frame_initialises_there_and_keeps_the_source_frame_indices()
    {
        using var mapper = Mapper(maxFrames: 10);
        var result = mapper.Track(new VideoTrackRequest(Human3(), Human3Box, null, StartFrame: 30));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(VideoTrackingMapper.DefaultTargetId, result.TargetId);
        Assert.Equal(Enumerable.Range(30, 10).Select(i => (long)i), result.Records.Select(r => r.FrameIndex));
        Assert.Equal(TrackStatus.Init, result.Records[0].Status);
        Assert.Equal(Human3Box, result.Records[0].Box);
    }

    [SkippableFact]
    public void Start_frame_past_the_end_is_an_error_row()
    {
        string video = Human3();
        using var mapper = Mapper();
        var result = mapper.Track(new VideoTrackRequest(video, Human3Box, "x", StartFrame: 5000));

        Assert.Equal("error", result.Status);
        Assert.Empty(result.Records);
        Assert.Contains(video, result.Error);
        Assert.Contains("5000", result.Error);
    }

    [SkippableFact]
    public void Missing_video_is_an_error_row_naming_the_file_not_an_exception()
    {
        using var mapper = Mapper();
        string missing = Path.Combine(Path.GetTempPath(), $"no-such-video-{Guid.NewGuid():N}.mp4");
        var result = mapper.Track(new VideoTrackRequest(missing, Human3Box, "a"));

        Assert.False(result.Succeeded);
        Assert.Equal("error", result.Status);
        Assert.Equal("a", result.TargetId);
        Assert.Empty(result.Records);
        Assert.Contains(missing, result.Error);
    }

    [SkippableTheory]
    [InlineData(10, 10, 0, 20)]
    [InlineData(10, 10, -5, 20)]
    [InlineData(double.NaN, 10, 20, 20)]
    public void Invalid_box_is_an_error_row(double x, double y, double w, double h)
    {
        string video = Human3();
        using var mapper = Mapper();
        var result = mapper.Track(new VideoTrackRequest(video, new BoundingBox(x, y, w, h)));

        Assert.Equal("error", result.Status);
        Assert.Contains("init box", result.Error);
        Assert.StartsWith(video, result.Error);
    }

    [SkippableFact]
    public void Box_outside_the_frame_is_an_error_row_naming_the_file()
    {
        string video = Human3();
        using var mapper = Mapper();
        var result = mapper.Track(new VideoTrackRequest(video, new BoundingBox(5000, 5000, 20, 20)));

        Assert.Equal("error", result.Status);
        Assert.StartsWith(video + ": ", result.Error);
        Assert.Contains("outside", result.Error);
    }

    [SkippableFact]
    public void Empty_video_path_is_an_error_row()
    {
        using var mapper = Mapper();
        var result = mapper.Track(new VideoTrackRequest("", Human3Box));
        Assert.Equal("error", result.Status);
        Assert.Contains("video", result.Error);
    }

    [SkippableFact]
    public void Hyperparameter_overrides_reach_the_tracker()
    {
        // lr = 0: the size never follows the prediction, so every box keeps the initial width and height.
        using var mapper = Mapper(maxFrames: 15, lr: 0);
        var result = mapper.Track(new VideoTrackRequest(Human3(), Human3Box));
        Assert.True(result.Succeeded, result.Error);
        Assert.All(result.Records, r => Assert.Equal((Human3Box.Width, Human3Box.Height), (r.Box.Width, r.Box.Height)));
    }

    [Fact]
    public void Options_out_of_range_are_rejected_up_front()
    {
        Assert.Throws<ArgumentException>(() => new VideoTrackingMapper(new VideoTrackingOptions { ModelPack = " " }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoTrackingMapper(new VideoTrackingOptions { ModelPack = "p", WindowInfluence = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoTrackingMapper(new VideoTrackingOptions { ModelPack = "p", GpuDeviceId = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoTrackingMapper(new VideoTrackingOptions { ModelPack = "p", MaxFrames = 0 }));
    }

    [Fact]
    public void A_model_pack_that_cannot_load_throws_instead_of_failing_every_row()
    {
        using var mapper = new VideoTrackingMapper(new VideoTrackingOptions { ModelPack = Path.Combine(Path.GetTempPath(), $"no-pack-{Guid.NewGuid():N}") });
        Assert.Throws<ModelPackException>(() => mapper.Track(new VideoTrackRequest("video.mp4", new BoundingBox(1, 1, 5, 5))));
    }
}
