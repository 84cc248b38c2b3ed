using MLNet.Siamese.Imaging;
using OpenCvSharp;

namespace MLNet.Siamese.Tests.Imaging;

public class MatFrameTests
{
    [Fact]
    public void BgrMatIsViewedWithoutCopyIncludingRegionsOfInterest()
    {
        using var mat = new Mat(48, 64, MatType.CV_8UC3, new Scalar(10, 20, 30));
        using (var frame = MatFrame.Wrap(mat, index: 7, timestamp: TimeSpan.FromSeconds(1)))
        {
            Assert.Equal((64, 48, 64 * 3, 7L), (frame.Width, frame.Height, frame.Stride, frame.Index));
            mat.Set(5, 6, new Vec3b(1, 2, 3)); // written through the Mat, seen through the frame: same memory
            Assert.Equal(new byte[] { 1, 2, 3 }, frame.Row(5).Slice(6 * 3, 3).ToArray());
            frame.Pixels[0] = 99;                // and the other way round
            Assert.Equal(99, mat.At<Vec3b>(0, 0).Item0);
        }
        Assert.Equal(99, mat.At<Vec3b>(0, 0).Item0); // disposing the frame leaves the Mat alone

        using var roi = new Mat(mat, new Rect(4, 3, 20, 10)); // not continuous: rows keep the parent's step
        using var view = MatFrame.Wrap(roi);
        Assert.Equal((20, 10, 64 * 3), (view.Width, view.Height, view.Stride));
        Assert.Equal(new byte[] { 1, 2, 3 }, view.Row(2).Slice(2 * 3, 3).ToArray()); // parent (6,5) is roi (2,2)
        Assert.Throws<ArgumentOutOfRangeException>(() => view.Row(10));
    }

    [Fact]
    public void GrayAndBgraAreConvertedOtherTypesAndEmptyMatsRefused()
    {
        using var gray = new Mat(4, 5, MatType.CV_8UC1, new Scalar(77));
        using (var f = MatFrame.Wrap(gray))
            Assert.Equal(new byte[] { 77, 77, 77 }, f.Row(3).Slice(12, 3).ToArray());
        using var bgra = new Mat(4, 5, MatType.CV_8UC4, new Scalar(1, 2, 3, 4));
        using (var f = MatFrame.Wrap(bgra))
            Assert.Equal(new byte[] { 1, 2, 3 }, f.Row(0).Slice(0, 3).ToArray());

        using var deep = new Mat(4, 5, MatType.CV_16UC3);
        var e = Assert.Throws<ArgumentException>(() => MatFrame.Wrap(deep));
        Assert.Contains("CV_16UC3", e.Message);
        Assert.Contains("CV_8UC3", e.Message);
        using var empty = new Mat();
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => MatFrame.Wrap(empty)).Message);
    }

    [Fact]
    public void FrameToMatSharesThePixels()
    {
        using var frame = Frame.Allocate(8, 6, 0, TimeSpan.Zero, new FrameBufferPool());
        frame.Pixels.Clear();
        using (var mat = frame.ToMat())
        {
            Assert.Equal((8, 6, MatType.CV_8UC3), (mat.Width, mat.Height, mat.Type()));
            Cv2.Rectangle(mat, new Rect(1, 1, 3, 2), Scalar.White, -1);
        }
        Assert.Equal(255, frame.Row(1)[3]);
        Assert.Equal(0, frame.Row(0)[0]);
        using var view = MatFrame.Wrap(new Mat(3, 3, MatType.CV_8UC3, Scalar.Red));
        using var back = view.ToMat();
        Assert.Equal(255, back.At<Vec3b>(2, 2).Item2);
    }
}
