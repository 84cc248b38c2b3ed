using MLNet.Siamese.Imaging;
using MLNet.Siamese.Tests.Imaging;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Tests.Video;

public class OpenCvVideoWriterTests
{
    [SkippableFact]
    public void WrittenVideoReadsBackWithPaddedEvenSize()
    {
        using var temp = new TempDirectory();
        var path = temp.File("out.mp4");
        using (var writer = new OpenCvVideoWriter(path, 65, 47, 10))
        {
            for (int i = 0; i < 12; i++)
            {
                using var frame = Frame.Allocate(65, 47, i, TimeSpan.Zero, new FrameBufferPool());
                frame.Pixels.Clear();
                FrameDrawing.FillRectangle(frame, 10 + i, 10, 20, 20, BgrColor.Green);
                FrameDrawing.DrawRectangle(frame, 0, 0, 65, 47, BgrColor.Red, thickness: 3);
                writer.Write(frame);
            }
            Assert.Equal(12, writer.FramesWritten);
            writer.Finish();
        }
        using var source = new OpenCvVideoSource(path);
        Assert.Equal((66, 48), (source.Width, source.Height));
        Assert.Equal(10, source.FramesPerSecond);
        int n = 0;
        while (source.ReadNext() is { } frame)
            using (frame)
            {
                var centre = frame.Row(20).Slice(3 * (20 + (int)frame.Index), 3); // inside the moving green square
                Assert.True(centre[1] > 200 && centre[0] < 60 && centre[2] < 60, $"frame {frame.Index}: not green");
                var corner = frame.Row(1).Slice(3, 3); // on the red border
                Assert.True(corner[2] > 180 && corner[1] < 80, $"frame {frame.Index}: not red");
                Assert.Equal(TimeSpan.FromMilliseconds(100 * n), frame.Timestamp);
                n++;
            }
        Assert.Equal(12, n);
    }

    [SkippableFact]
    public void BadOutputsRaiseOutputException()
    {
        using var temp = new TempDirectory();
        var e = Assert.Throws<OutputException>(() => new OpenCvVideoWriter(temp.File("no/such/dir/out.mp4"), 16, 16, 25));
        Assert.Contains("does not exist", e.Message);

        var bad = temp.File("out.unknown-container");
        var failure = Assert.Throws<OutputException>(() => new OpenCvVideoWriter(bad, 16, 16, 25));
        Assert.Equal(bad, failure.Path);
        Assert.Contains("cannot write", failure.Message);
        Assert.Contains(".mp4", failure.Message); // says what works

        using var frame = Frame.Allocate(16, 16, 0, TimeSpan.Zero);
        var empty = new OpenCvVideoWriter(temp.File("empty.mp4"), 16, 16, 25);
        Assert.Contains("no frames", Assert.Throws<OutputException>(() => empty.Finish()).Message);
        empty.Dispose(); // already failed: no second exception

        using var sized = new OpenCvVideoWriter(temp.File("ok.mp4"), 16, 16, 25);
        using var wrong = Frame.Allocate(8, 8, 0, TimeSpan.Zero);
        Assert.Throws<ArgumentException>(() => sized.Write(wrong));
        sized.Write(frame);
    }
}
