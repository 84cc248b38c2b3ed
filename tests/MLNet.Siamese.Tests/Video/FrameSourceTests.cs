using MLNet.Siamese.Tests.Imaging;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Tests.Video;

public class FrameSourceTests
{
    [SkippableFact]
    public void OpenPicksTheSourceByPath()
    {
        var folder = SharedData.Require("data/videos/tennis_frames");
        using (var s = FrameSource.Open(folder, new FrameSourceOptions { StartFrame = 60 }))
        {
            Assert.IsType<ImageFolderSource>(s);
            Assert.Equal(70, s.FrameCount);
            using var f = s.ReadNext()!;
            Assert.Equal(60, f.Index);
        }

        var image = Path.Combine(folder, "00003.jpg");
        using (var s = FrameSource.Open(image))
        {
            var single = Assert.IsType<ImageFolderSource>(s);
            Assert.Equal([image], single.Files);
            using (var f = s.ReadNext()) Assert.NotNull(f);
            Assert.Null(s.ReadNext());
        }

        using (var s = FrameSource.Open(SharedData.Require("data/videos/bag.avi")))
            Assert.IsType<OpenCvVideoSource>(s);
    }

    [Fact]
    public void OpenRejectsMissingPathsAndBadOptions()
    {
        using var temp = new TempDirectory();
        var e = Assert.Throws<FrameSourceException>(() => FrameSource.Open(temp.File("missing")));
        Assert.Contains("no such file or folder", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameSource.Open(temp.Path, new FrameSourceOptions { FramesPerSecond = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameSource.Open(temp.Path, new FrameSourceOptions { StartFrame = -1 }));
    }
}
