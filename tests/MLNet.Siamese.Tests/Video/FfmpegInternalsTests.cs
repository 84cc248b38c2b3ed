using System.IO.Pipes;
using System.Text;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Tests.Video;

public class FfmpegInternalsTests
{
    private static FfmpegLog LogOf(params string[] lines) =>
        new(new StreamReader(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"))));

    [Fact]
    public async Task ShowinfoTimesUseTheExactTimeBaseAndArrivalOrder()
    {
        var log = new FfmpegLog(new StreamReader(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n',
            "[info] Input #0, mov,mp4, from 'x.mp4':",
            "[Parsed_showinfo_0 @ 0x55] [info] config in time_base: 1/90000, frame_rate: 30/1",
            "[Parsed_showinfo_0 @ 0x55] [info] n:   0 pts:      0 pts_time:0       pos: 48 fmt:yuv420p sar:1/1 s:64x48 i:P",
            "[Parsed_showinfo_0 @ 0x55] [info] n:   1 pts:   3000 pts_time:0.0333333 pos: 99 fmt:yuv420p sar:1/1 s:64x48 i:P",
            "[Parsed_showinfo_0 @ 0x55] [info] n:   2 pts:NOPTS pts_time:NOPTS pos: 99 fmt:yuv420p sar:1/1 s:64x48 i:P",
            "[mpeg4 @ 0x56] [warning] some harmless warning",
            // The graph was rebuilt for a new frame size: showinfo counts from 0 again.
            "[Parsed_showinfo_0 @ 0x57] [info] config in time_base: 1/1000, frame_rate: 30/1",
            "[Parsed_showinfo_0 @ 0x57] [info] n:   0 pts:  10000 pts_time:10 pos: 99 fmt:yuv420p sar:1/1 s:32x24 i:P") + "\n"))),
            (64, 48));
        await log.Completion;
        Assert.True(log.TryGetTimestamp(1, TimeSpan.Zero, out var t1));
        Assert.Equal(333333, t1!.Value.Ticks); // 3000/90000 s, not the 6-digit pts_time
        Assert.True(log.TryGetTimestamp(2, TimeSpan.Zero, out var t2));
        Assert.Null(t2); // no pts
        Assert.True(log.TryGetTimestamp(3, TimeSpan.Zero, out var t3));
        Assert.Equal(TimeSpan.FromSeconds(10), t3); // 4th line, whatever its n
        Assert.True(log.TryGetTimestamp(4, TimeSpan.Zero, out var t4));
        Assert.Null(t4); // no line: stderr ended
        Assert.Contains("some harmless warning", log.Tail());
        Assert.DoesNotContain("showinfo", log.Tail());
        Assert.True(log.HasDamage); // only the size change
        Assert.Contains("frame 3 is 32x24", log.DamageSummary);
    }

    [Fact]
    public async Task ErrorsAndCorruptWarningsCountAsDamage()
    {
        var error = LogOf("[mpeg4 @ 0x1] [error] ac-tex damaged at 16 8");
        var corrupt = LogOf("[warning] file:x.avi: corrupt input packet in stream 0");
        await Task.WhenAll(error.Completion, corrupt.Completion);
        Assert.True(error.HasDamage);
        Assert.Contains("ac-tex damaged", error.DamageSummary);
        Assert.DoesNotContain("[error]", error.DamageSummary);
        Assert.True(corrupt.HasDamage);
    }

    [Fact]
    public async Task WaitingForATimestampTimesOutWhileStderrIsOpen()
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        var log = new FfmpegLog(new StreamReader(client));
        Assert.False(log.TryGetTimestamp(0, TimeSpan.FromMilliseconds(50), out _));
        server.Dispose();
        await log.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(log.TryGetTimestamp(0, TimeSpan.FromSeconds(1), out var t));
        Assert.Null(t);
    }

    [SkippableFact]
    public void PipeBufferCanBeEnlargedOnLinux()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "F_SETPIPE_SZ is Linux-only");
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        Assert.True(PipeBuffer.TryEnlarge(server, 1 << 20));
        Assert.False(PipeBuffer.TryEnlarge(new MemoryStream(), 1 << 20));
    }

    [Fact]
    public void ProbeOutputIsParsedWithRotationAndMissingFields()
    {
        var rotated = FfmpegProbe.Parse("v.mp4", """
            {"streams": [{"width": 64, "height": 32, "r_frame_rate": "30/1", "avg_frame_rate": "30000/1001",
              "nb_frames": "10", "side_data_list": [{"rotation": -90}]}]}
            """);
        Assert.Equal(new VideoStreamInfo(32, 64, 270, 30000 / 1001.0, 10), rotated);

        var tagged = FfmpegProbe.Parse("v.mp4", """
            {"streams": [{"width": 64, "height": 32, "r_frame_rate": "25/1", "avg_frame_rate": "0/0", "tags": {"rotate": "180"}}]}
            """);
        Assert.Equal(new VideoStreamInfo(64, 32, 180, 25, null), tagged);

        var none = Assert.Throws<FrameSourceException>(() => FfmpegProbe.Parse("a.mp3", """{"programs": [], "streams": []}"""));
        Assert.Contains("no video stream", none.Message);
        Assert.Throws<FrameSourceException>(() => FfmpegProbe.Parse("b.mp4", """{"streams": [{"width": 0, "height": 0}]}"""));
        Assert.Throws<FrameSourceException>(() => FfmpegProbe.Parse("c.mp4", "not json"));
    }

    [Fact]
    public void FfmpegVersionsAreParsedForTheTimingOption()
    {
        Assert.Equal(new Version(5, 1), FfmpegTools.ParseVersion("ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026"));
        Assert.Equal(new Version(4, 4), FfmpegTools.ParseVersion("ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright"));
        Assert.Equal(new Version(7, 0), FfmpegTools.ParseVersion("ffmpeg version n7.0 Copyright"));
        Assert.Null(FfmpegTools.ParseVersion("ffmpeg version N-113000-g1234abcd Copyright"));
    }
}
