using MLNet.Siamese.Imaging;
using MLNet.Siamese.Imaging.Codecs;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Tests.Imaging;

public class JpegDecoderTests
{
    private const string MakeJpegs = """
        import sys, struct, cv2, numpy as np
        out = sys.argv[1]
        h, w = 30, 40
        y, x = np.mgrid[0:h, 0:w]
        im = np.dstack([(x * 6) % 256, (y * 8) % 256, ((x + y) * 3) % 256]).astype(np.uint8)
        cv2.imwrite(out + "/gray.jpg", cv2.cvtColor(im, cv2.COLOR_BGR2GRAY))
        enc = cv2.imencode(".jpg", im, [cv2.IMWRITE_JPEG_QUALITY, 95])[1].tobytes()
        def exif(o, big):
            e = ">" if big else "<"
            tiff = (b"MM" if big else b"II") + struct.pack(e + "HI", 42, 8) + struct.pack(e + "H", 1)
            tiff += struct.pack(e + "HHIHH", 0x0112, 3, 1, o, 0) + struct.pack(e + "I", 0)
            app1 = b"Exif\0\0" + tiff
            return b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1
        for o in range(1, 9):
            open(f"{out}/orient{o}.jpg", "wb").write(enc[:2] + exif(o, True) + enc[2:])
        open(f"{out}/orient6le.jpg", "wb").write(enc[:2] + exif(6, False) + enc[2:])
        """;

    [SkippableFact]
    public void SharedJpegsDecodeBitIdenticalToOpenCv()
    {
        string[] files =
        [
            SharedData.Require("data/sequences/Bolt/img/0001.jpg"),
            SharedData.Require("data/sequences/Human3/img/0001.jpg"),
            SharedData.Require("data/sequences/bike1/img/000001.jpg"),
            SharedData.Require("data/videos/tennis_frames/00000.jpg"),
        ];
        using var temp = new TempDirectory();
        var expected = OpenCvReference.Imread(temp, files);
        using var decoder = new ImageDecoder();
        for (int i = 0; i < files.Length; i++)
        {
            using var frame = decoder.Decode(files[i], i);
            Assert.Equal((expected[i].Width, expected[i].Height), (frame.Width, frame.Height));
            Assert.True(expected[i].Bgr.AsSpan().SequenceEqual(frame.ReadOnlyPixels), $"{files[i]}: pixels differ from cv2.imread");
        }
    }

    [SkippableFact]
    public void GrayscaleAndExifOrientedJpegsMatchOpenCv()
    {
        using var temp = new TempDirectory();
        OpenCvReference.Python(MakeJpegs, [temp.Path]);
        var files = new[] { "gray.jpg", "orient6le.jpg" }.Concat(Enumerable.Range(1, 8).Select(o => $"orient{o}.jpg"))
            .Select(temp.File).ToArray();
        var expected = OpenCvReference.Imread(temp, files);
        using var decoder = new ImageDecoder();
        for (int i = 0; i < files.Length; i++)
        {
            using var frame = decoder.Decode(files[i]);
            Assert.Equal((expected[i].Width, expected[i].Height), (frame.Width, frame.Height));
            Assert.True(expected[i].Bgr.AsSpan().SequenceEqual(frame.ReadOnlyPixels), $"{files[i]}: pixels differ from cv2.imread");
            Assert.Equal(new ImageSize(frame.Width, frame.Height), decoder.ReadSize(files[i]));
        }
        // Orientations 5..8 swap the axes of the 40x30 source.
        Assert.Equal((30, 40), (expected[^1].Width, expected[^1].Height));
    }

    [SkippableFact]
    public void TruncatedJpegIsRejectedNamingTheFile()
    {
        var source = SharedData.Require("data/sequences/Bolt/img/0001.jpg");
        using var temp = new TempDirectory();
        var truncated = temp.WriteTruncatedCopy(source, "truncated.jpg", 0.6);
        using var decoder = new ImageDecoder();
        var e = Assert.Throws<FrameSourceException>(() => decoder.Decode(truncated, 7));
        Assert.Equal(truncated, e.Path);
        Assert.Equal(7, e.FrameIndex);
        Assert.Contains("truncated.jpg", e.Message);
        Assert.Contains("frame 7", e.Message);
        Assert.Contains("truncated JPEG", e.Message);
        // OpenCV alone would return the image with grey rows and no error: the size read fails the same way.
        Assert.Contains("truncated JPEG", Assert.Throws<FrameSourceException>(() => decoder.ReadSize(truncated, 7)).Message);
        // The decoder stays usable after the failure.
        using var ok = decoder.Decode(source);
        Assert.Equal(640, ok.Width);
    }

    [Fact]
    public void GarbageIsRejectedNamingTheFile()
    {
        using var temp = new TempDirectory();
        var random = new Random(42);
        var garbage = new byte[5000];
        random.NextBytes(garbage);
        var plain = temp.File("garbage.jpg");
        File.WriteAllBytes(plain, garbage);
        garbage[0] = 0xFF; garbage[1] = 0xD8; garbage[2] = 0xFF; // looks like a JPEG, is not one
        var fake = temp.File("fake.jpg");
        File.WriteAllBytes(fake, garbage);

        using var decoder = new ImageDecoder();
        var e1 = Assert.Throws<FrameSourceException>(() => decoder.Decode(plain));
        Assert.Equal(plain, e1.Path);
        Assert.Contains("not an image OpenCV reads", e1.Message);
        var e2 = Assert.Throws<FrameSourceException>(() => decoder.Decode(fake));
        Assert.Equal(fake, e2.Path);
        Assert.Contains("JPEG", e2.Message);
        File.WriteAllBytes(temp.File("empty.jpg"), []);
        Assert.Contains("empty", Assert.Throws<FrameSourceException>(() => decoder.Decode(temp.File("empty.jpg"))).Message);
        Assert.Contains("cannot read", Assert.Throws<FrameSourceException>(() => decoder.Decode(temp.File("missing.jpg"))).Message);
    }

    [Fact]
    public void OpenCvLoadFailureNamesTheMissingLibrary()
    {
        // What .NET reports when libOpenCvSharpExtern.so is there but libgtk-3 (which it links against) is not.
        var dll = new DllNotFoundException("Unable to load shared library 'OpenCvSharpExtern' or one of its dependencies. " +
                                           "In order to help diagnose loading problems, consider using a tool like strace. " +
                                           "libgtk-3.so.0: cannot open shared object file: No such file or directory");
        var e = new NativeDependencyException("OpenCV", OpenCvRuntime.Hint(new TypeInitializationException("OpenCvSharp.NativeMethods", dll)));
        Assert.Contains("libgtk-3.so.0", e.Message);
        Assert.Contains("apt-get install libgtk-3-0", e.Message);
        Assert.DoesNotContain("\n", e.Message);
        var none = OpenCvRuntime.Hint(new DllNotFoundException("Unable to load shared library 'OpenCvSharpExtern' or one of its dependencies."));
        Assert.Contains(OpenCvRuntime.NativePackage, none);
        // And on this machine it loads.
        OpenCvRuntime.EnsureLoaded();
        Assert.StartsWith("4.13", OpenCvRuntime.Version);
    }

    [SkippableFact]
    public void OneDecoderHandlesManySizesAndRejectsUseAfterDispose()
    {
        var small = SharedData.Require("data/sequences/Bolt/img/0001.jpg");
        var large = SharedData.Require("data/sequences/bike1/img/000001.jpg");
        var pool = new FrameBufferPool();
        var decoder = new ImageDecoder();
        for (int i = 0; i < 3; i++)
        {
            using (var a = decoder.Decode(small, i, pool: pool)) Assert.Equal((640, 360), (a.Width, a.Height));
            using (var b = decoder.Decode(large, i, pool: pool)) Assert.Equal((1280, 720), (b.Width, b.Height));
        }
        Assert.Equal(2, pool.AllocationCount); // one buffer per size, reused
        decoder.Dispose();
        Assert.Throws<ObjectDisposedException>(() => decoder.Decode(small));
    }
}
