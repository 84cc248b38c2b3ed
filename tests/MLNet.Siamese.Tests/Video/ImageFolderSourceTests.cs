using MLNet.Siamese.Imaging;
using MLNet.Siamese.Tests.Imaging;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Tests.Video;

public class ImageFolderSourceTests
{
    private static string Bolt => SharedData.Require("data/sequences/Bolt/img");

    [SkippableFact]
    public void ReadsTheBoltFolderInOrderWithTimestamps()
    {
        using var source = new ImageFolderSource(Bolt, new FrameSourceOptions { FramesPerSecond = 25 });
        Assert.Equal(Bolt, source.Path);
        Assert.Equal((640, 360), (source.Width, source.Height));
        Assert.Equal(350, source.FrameCount);
        Assert.Equal(25, source.FramesPerSecond);
        Assert.Equal(350, source.Files.Count);
        Assert.Equal("0001.jpg", Path.GetFileName(source.Files[0]));
        Assert.Equal("0350.jpg", Path.GetFileName(source.Files[^1]));
        Assert.All(source.Files, f => Assert.True(Path.IsPathFullyQualified(f)));
        for (int i = 0; i < 4; i++)
        {
            using var frame = source.ReadNext();
            Assert.NotNull(frame);
            Assert.Equal(i, frame.Index);
            Assert.Equal(TimeSpan.FromMilliseconds(40 * i), frame.Timestamp);
        }
    }

    [SkippableFact]
    public void StartFrameSkipsWithoutDecodingAndKeepsIndices()
    {
        using var source = new ImageFolderSource(Bolt, new FrameSourceOptions { StartFrame = 345 });
        Assert.Equal(345, source.StartFrame);
        var indices = new List<long>();
        while (source.ReadNext() is { } frame)
            using (frame)
            {
                indices.Add(frame.Index);
                if (frame.Index == 345) Assert.Equal(TimeSpan.FromTicks(115_000_000), frame.Timestamp); // 345 / 30 s
            }
        Assert.Equal([345L, 346, 347, 348, 349], indices);
        Assert.Null(source.ReadNext());
        var e = Assert.Throws<FrameSourceException>(() => new ImageFolderSource(Bolt, new FrameSourceOptions { StartFrame = 350 }));
        Assert.Contains("start frame 350", e.Message);
    }

    [SkippableFact]
    public void FilesAreNaturallySortedAndFiltered()
    {
        var jpg = SharedData.Require("data/sequences/Bolt/img/0001.jpg");
        using var temp = new TempDirectory();
        foreach (var name in new[] { "img10.jpg", "img2.jpeg", "IMG3.JPG", "img1.jpg", ".hidden.jpg" })
            File.Copy(jpg, temp.File(name));
        File.WriteAllText(temp.File("notes.txt"), "not an image");
        Directory.CreateDirectory(temp.File("sub"));
        Directory.CreateDirectory(temp.File(".cache.jpg"));
        using var source = new ImageFolderSource(temp.Path);
        Assert.Equal(["img1.jpg", "img2.jpeg", "IMG3.JPG", "img10.jpg"], source.Files.Select(Path.GetFileName));
        int n = 0;
        while (source.ReadNext() is { } frame) using (frame) n++;
        Assert.Equal(4, n);
    }

    [SkippableFact]
    public void AFolderNamedLikeAFrameIsRefusedInsteadOfShiftingFrameNumbers()
    {
        var jpg = SharedData.Require("data/sequences/Bolt/img/0001.jpg");
        using var temp = new TempDirectory();
        foreach (var name in new[] { "0001.jpg", "0002.jpg", "0004.jpg" }) File.Copy(jpg, temp.File(name));
        Directory.CreateDirectory(temp.File("0003.jpg"));
        var e = Assert.Throws<FrameSourceException>(() => new ImageFolderSource(temp.Path));
        Assert.Contains("'0003.jpg' is a folder, not an image", e.Message);
        Assert.StartsWith(temp.Path, e.Message);
    }

    [SkippableFact]
    public void ImageOfAnotherSizeIsRejectedNamingItAndBothSizes()
    {
        using var temp = new TempDirectory();
        File.Copy(SharedData.Require("data/sequences/Bolt/img/0001.jpg"), temp.File("a1.jpg"));
        File.Copy(SharedData.Require("data/sequences/Human3/img/0001.jpg"), temp.File("a2.jpg"));
        using var source = new ImageFolderSource(temp.Path);
        using (source.ReadNext()) { }
        var e = Assert.Throws<FrameSourceException>(() => source.ReadNext());
        Assert.Equal(temp.File("a2.jpg"), e.Path);
        Assert.Equal(1, e.FrameIndex);
        Assert.Contains("480x640", e.Message);
        Assert.Contains("640x360", e.Message);
        Assert.Contains("a1.jpg", e.Message);
    }

    [SkippableFact]
    public void CorruptImageInTheMiddleIsRejectedNamingIt()
    {
        var jpg = SharedData.Require("data/sequences/Bolt/img/0001.jpg");
        using var temp = new TempDirectory();
        File.Copy(jpg, temp.File("f1.jpg"));
        temp.WriteTruncatedCopy(jpg, "f2.jpg", 0.7);
        using var source = new ImageFolderSource(temp.Path);
        using (source.ReadNext()) { }
        var e = Assert.Throws<FrameSourceException>(() => source.ReadNext());
        Assert.Equal(temp.File("f2.jpg"), e.Path);
        Assert.Equal(1, e.FrameIndex);
    }

    [Fact]
    public void MissingEmptyOrImagelessFoldersAreRejected()
    {
        using var temp = new TempDirectory();
        var missing = temp.File("nope");
        Assert.Contains("not found", Assert.Throws<FrameSourceException>(() => new ImageFolderSource(missing)).Message);
        var e = Assert.Throws<FrameSourceException>(() => new ImageFolderSource(temp.Path));
        Assert.Equal(temp.Path, e.Path);
        Assert.Contains("no images", e.Message);
        File.WriteAllText(temp.File("readme.txt"), "x");
        Assert.Throws<FrameSourceException>(() => new ImageFolderSource(temp.Path));
        Assert.Contains("is a file", Assert.Throws<FrameSourceException>(() => new ImageFolderSource(temp.File("readme.txt"))).Message);
    }

    [SkippableFact]
    public void SteadyStateDecodingAllocatesNoFrameBuffers()
    {
        var pool = new FrameBufferPool();
        using var source = new ImageFolderSource(Bolt, new FrameSourceOptions { Pool = pool });
        for (int i = 0; i < 5; i++) source.ReadNext()!.Dispose(); // warm up (buffers, JIT)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 40; i++)
        {
            using var frame = source.ReadNext();
            Assert.NotNull(frame);
        }
        long perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / 40;
        Assert.InRange(pool.AllocationCount, 1, 2);
        // A 640x360 frame is 691 200 bytes and a file ~30 KB: neither may be allocated per frame.
        Assert.InRange(perFrame, 0, 4096);
    }
}
