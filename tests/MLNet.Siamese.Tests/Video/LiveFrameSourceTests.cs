using System.Diagnostics;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Tests.Video;

/// <summary>Live sources against a real local stream (ffmpeg serving bag.avi over HTTP on 127.0.0.1).</summary>
public class LiveFrameSourceTests
{
    private static string Bag => SharedData.Require("data/videos/bag.avi");

    [SkippableFact]
    public void SlowConsumerGetsTheNewestFramesAndDropsAreCounted()
    {
        var bag = Bag;
        using var server = new LocalStreamServer(bag, seconds: 4);
        using var source = new LiveFrameSource(server.Url, new LiveSourceOptions { StallTimeout = TimeSpan.FromSeconds(5) });
        Assert.Equal((480, 360), (source.Width, source.Height));
        Assert.Null(source.FrameCount);
        var indices = new List<long>();
        var watch = Stopwatch.StartNew();
        while (source.ReadNext() is { } frame)
            using (frame)
            {
                Assert.Equal((480, 360), (frame.Width, frame.Height));
                indices.Add(frame.Index);
                Thread.Sleep(100); // a consumer slower than the 25 frames/s stream
            }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Contains("closed by the server", source.EndReason);
        Assert.False(source.Stalled);
        // Newest first: indices strictly increase, and every capture was either returned or dropped.
        Assert.True(indices.Count > 3, $"{indices.Count} frames");
        Assert.All(indices.Zip(indices.Skip(1)), p => Assert.True(p.Second > p.First));
        Assert.True(source.DroppedFrames > 0);
        Assert.Equal(source.CapturedFrames, indices.Count + source.DroppedFrames);
        Assert.Equal(source.CapturedFrames - 1, indices[^1]);
        Assert.InRange(source.CapturedFrames, 50, 101); // 4 s at 25 frames/s
    }

    [SkippableFact]
    public void ServerKilledMidStreamEndsClearlyAfterTheReconnectionsAsked()
    {
        var bag = Bag;
        using var server = new LocalStreamServer(bag, seconds: 30);
        using var source = new LiveFrameSource(server.Url, new LiveSourceOptions
        {
            StallTimeout = TimeSpan.FromSeconds(5), Reconnects = 2, ReconnectDelay = TimeSpan.FromMilliseconds(200),
        });
        for (int i = 0; i < 5; i++) source.ReadNext()!.Dispose();
        var watch = Stopwatch.StartNew();
        server.Kill();
        while (source.ReadNext() is { } frame) frame.Dispose();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.Equal(2, source.ReconnectCount);
        Assert.Contains("2 reconnection attempt(s) failed", source.EndReason);
        Assert.False(source.Stalled);
        Assert.Null(source.ReadNext()); // stays ended
    }

    [SkippableFact]
    public void FrozenServerIsReportedAsStalledWithinTheTimeout()
    {
        var bag = Bag;
        using var server = new LocalStreamServer(bag, seconds: 30);
        using var source = new LiveFrameSource(server.Url, new LiveSourceOptions { StallTimeout = TimeSpan.FromSeconds(1) });
        source.ReadNext()!.Dispose();
        server.Signal("STOP"); // the connection stays open, no data comes
        var watch = Stopwatch.StartNew();
        while (source.ReadNext() is { } frame) frame.Dispose();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        Assert.True(source.Stalled);
        Assert.Contains("stalled: no data for 1 s", source.EndReason);
    }

    [Fact]
    public void UnreachableAndUnsupportedStreamsAreRejectedNamingThem()
    {
        var e = Assert.Throws<FrameSourceException>(() => new LiveFrameSource("http://127.0.0.1:9/none", new LiveSourceOptions { StallTimeout = TimeSpan.FromSeconds(2) }));
        Assert.Equal("http://127.0.0.1:9/none", e.Path);
        Assert.Contains("cannot open the stream", e.Message);
        var rtsp = Assert.Throws<FrameSourceException>(() => new LiveFrameSource("rtsp://127.0.0.1:8554/cam"));
        Assert.Contains("rtsp:// is not supported", rtsp.Message);
        Assert.Contains("udp://", rtsp.Message); // says how to relay it
        Assert.True(LiveFrameSource.IsLiveInput("0"));
        Assert.False(LiveFrameSource.IsLiveInput("video.mp4"));
        Assert.Throws<FrameSourceException>(() => FrameSource.Open("udp://127.0.0.1:9", new FrameSourceOptions { StartFrame = 3 }));
    }
}
