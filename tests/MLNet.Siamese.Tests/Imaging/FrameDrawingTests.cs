using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Tests.Imaging;

public class FrameDrawingTests
{
    private static readonly BgrColor Red = BgrColor.Red;

    private static Frame Blank(int w, int h)
    {
        var frame = new Frame(new byte[w * h * 3], w, h, w * 3, 0, TimeSpan.Zero);
        return frame;
    }

    private static bool IsRed(Frame f, int x, int y) =>
        f.Row(y)[3 * x] == 0 && f.Row(y)[3 * x + 1] == 0 && f.Row(y)[3 * x + 2] == 255;

    private static int CountRed(Frame f)
    {
        int n = 0;
        for (int y = 0; y < f.Height; y++)
            for (int x = 0; x < f.Width; x++)
                if (IsRed(f, x, y)) n++;
        return n;
    }

    [Fact]
    public void OutlineIsABandInsideTheRectangle()
    {
        using var f = Blank(20, 12);
        FrameDrawing.DrawRectangle(f, 2, 3, 10, 6, Red, thickness: 2);
        Assert.Equal(10 * 6 - 6 * 2, CountRed(f)); // 60 pixels minus the 6x2 hole
        Assert.True(IsRed(f, 2, 3));
        Assert.True(IsRed(f, 11, 8));
        Assert.True(IsRed(f, 3, 5));
        Assert.False(IsRed(f, 4, 5)); // hole
        Assert.False(IsRed(f, 12, 3)); // right of the box
        Assert.False(IsRed(f, 2, 9)); // below the box
    }

    [Fact]
    public void DrawingIsClippedToTheFrame()
    {
        using var f = Blank(10, 10);
        FrameDrawing.DrawRectangle(f, -5, -5, 10, 10, Red, thickness: 1);
        // Only the right and bottom edges (x = 4, y = 4) of the box are visible: 5 + 5 - 1 pixels.
        Assert.Equal(9, CountRed(f));
        Assert.True(IsRed(f, 4, 0));
        Assert.True(IsRed(f, 0, 4));
        FrameDrawing.DrawRectangle(f, 100, 100, 10, 10, Red); // entirely outside: no-op, no exception
        FrameDrawing.DrawRectangle(f, int.MaxValue - 1, 0, int.MaxValue, 5, Red);
        Assert.Equal(9, CountRed(f));

        using var g = Blank(10, 10);
        FrameDrawing.DrawRectangle(g, new BoundingBox(-1e300, 0, 2e300, 1e300), Red, thickness: 1);
        Assert.Equal(10, CountRed(g)); // huge box: only its top edge (row 0) crosses the frame
        for (int x = 0; x < 10; x++) Assert.True(IsRed(g, x, 0));
    }

    [Fact]
    public void BoundingBoxesAreRoundedAndThinBoxesFilled()
    {
        using var f = Blank(10, 10);
        FrameDrawing.DrawRectangle(f, new BoundingBox(1.4, 1.6, 2.2, 1.9), BgrColor.Red, thickness: 3);
        // x: round(1.4)=1 .. round(3.6)=4, y: round(1.6)=2 .. round(3.5)=4 → 3x2 pixels, all inside the band.
        Assert.Equal(6, CountRed(f));
        Assert.True(IsRed(f, 1, 2));
        Assert.True(IsRed(f, 3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameDrawing.DrawRectangle(f, 0, 0, 5, 5, Red, thickness: 0));
    }
}
