using System.Runtime.InteropServices;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Imaging.Codecs;

namespace MLNet.Siamese.Tests.Imaging;

public class PngDecoderTests
{
    private const string MakePngs = """
        import sys, cv2, numpy as np
        out = sys.argv[1]
        rng = np.random.default_rng(7)
        bgr = rng.integers(0, 256, (23, 37, 3), dtype=np.uint8)
        cv2.imwrite(out + "/bgr.png", bgr)
        cv2.imwrite(out + "/gray.png", bgr[:, :, 1])
        cv2.imwrite(out + "/bgra.png", rng.integers(0, 256, (23, 37, 4), dtype=np.uint8))
        cv2.imwrite(out + "/bilevel.png", (bgr[:, :, 0] > 127).astype(np.uint8) * 255, [cv2.IMWRITE_PNG_BILEVEL, 1])
        cv2.imwrite(out + "/bgr16.png", rng.integers(0, 65536, (23, 37, 3), dtype=np.uint16))
        """;

    [SkippableFact]
    public void GeneratedPngsMatchOpenCv()
    {
        using var temp = new TempDirectory();
        OpenCvReference.Python(MakePngs, [temp.Path]);
        string[] exact = ["bgr.png", "gray.png", "bgra.png", "bilevel.png"];
        var files = exact.Append("bgr16.png").Select(temp.File).ToArray();
        var expected = OpenCvReference.Imread(temp, files);
        using var decoder = new ImageDecoder();
        for (int i = 0; i < files.Length; i++)
        {
            using var frame = decoder.Decode(files[i], i);
            Assert.Equal((37, 23), (frame.Width, frame.Height));
            Assert.Equal((expected[i].Width, expected[i].Height), (frame.Width, frame.Height));
            var actual = frame.ReadOnlyPixels;
            if (i < exact.Length)
            {
                Assert.True(expected[i].Bgr.AsSpan().SequenceEqual(actual), $"{files[i]}: pixels differ from cv2.imread");
            }
            else
            {
                // 16-bit: libpng rounds to 8 bits where OpenCV truncates.
                int maxDiff = 0;
                for (int k = 0; k < actual.Length; k++) maxDiff = Math.Max(maxDiff, Math.Abs(actual[k] - expected[i].Bgr[k]));
                Assert.InRange(maxDiff, 0, 1);
            }
        }
    }

    [SkippableFact]
    public void CorruptPngsAreRejectedWithLibpngMessage()
    {
        using var temp = new TempDirectory();
        OpenCvReference.Python(MakePngs, [temp.Path]);
        var good = temp.File("bgr.png");
        var truncated = temp.WriteTruncatedCopy(good, "truncated.png", 0.5);
        var bytes = File.ReadAllBytes(good);
        bytes[bytes.Length / 2] ^= 0x5A; // inside IDAT: the CRC no longer matches
        var flipped = temp.File("flipped.png");
        File.WriteAllBytes(flipped, bytes);
        var headerOnly = temp.File("signature-only.png");
        File.WriteAllBytes(headerOnly, bytes.AsSpan(0, 8).ToArray());

        using var decoder = new ImageDecoder();
        foreach (var file in new[] { truncated, flipped, headerOnly })
        {
            var e = Assert.Throws<FrameSourceException>(() => decoder.Decode(file, 3));
            Assert.Equal(file, e.Path);
            Assert.Equal(3, e.FrameIndex);
            Assert.Contains(Path.GetFileName(file), e.Message);
            Assert.Matches("PNG: .+", e.Message); // libpng's own explanation follows
        }
        using var ok = decoder.Decode(good); // still usable
        Assert.Equal(37, ok.Width);
    }

    [Fact]
    public unsafe void StructMatchesPngH()
    {
        Assert.Equal(104, sizeof(PngImageStruct));
        Assert.Equal(8, (int)Marshal.OffsetOf<PngImageStruct>(nameof(PngImageStruct.Version)));
        Assert.Equal(32, (int)Marshal.OffsetOf<PngImageStruct>(nameof(PngImageStruct.WarningOrError)));
        Assert.Equal(36, (int)Marshal.OffsetOf<PngImageStruct>(nameof(PngImageStruct.Message)));
    }

    [Fact]
    public void MissingLibraryGivesInstallHint()
    {
        var e = Assert.Throws<NativeDependencyException>(() => new LibPngApi("libpng-does-not-exist.so.16"));
        Assert.Equal("libpng", e.Dependency);
        Assert.Contains("apt-get install libpng16-16", e.Message);
    }

    [SkippableFact]
    public void FormatIsChosenByContentNotExtension()
    {
        using var temp = new TempDirectory();
        OpenCvReference.Python(MakePngs, [temp.Path]);
        var misnamed = temp.File("really-a-png.jpg");
        File.Copy(temp.File("bgr.png"), misnamed);
        using var decoder = new ImageDecoder();
        using var frame = decoder.Decode(misnamed);
        Assert.Equal((37, 23), (frame.Width, frame.Height));
        Assert.Equal(new ImageSize(37, 23), decoder.ReadSize(misnamed));
    }
}
