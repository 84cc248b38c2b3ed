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
        // 16-bit PNGs become 8-bit BGR as cv2.imread makes them (the hand-written libpng decoder rounded where OpenCV
        // truncates, 1 level apart): now bit-identical too.
        string[] exact = ["bgr.png", "gray.png", "bgra.png", "bilevel.png", "bgr16.png"];
        var files = exact.Select(temp.File).ToArray();
        var expected = OpenCvReference.Imread(temp, files);
        using var decoder = new ImageDecoder();
        for (int i = 0; i < files.Length; i++)
        {
            using var frame = decoder.Decode(files[i], i);
            Assert.Equal((37, 23), (frame.Width, frame.Height));
            Assert.Equal((expected[i].Width, expected[i].Height), (frame.Width, frame.Height));
            Assert.True(expected[i].Bgr.AsSpan().SequenceEqual(frame.ReadOnlyPixels), $"{files[i]}: pixels differ from cv2.imread");
        }
    }

    [SkippableFact]
    public void CorruptPngsAreRejectedNamingTheFormat()
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
            Assert.Matches("PNG: .+", e.Message);
        }
        using var ok = decoder.Decode(good); // still usable
        Assert.Equal(37, ok.Width);
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
