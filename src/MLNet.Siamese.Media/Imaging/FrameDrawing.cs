using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Imaging;

/// <summary>Minimal drawing on BGR frames for annotated outputs (boxes); everything is clipped to the frame.</summary>
public static class FrameDrawing
{
    /// <summary>
    /// Draws the outline of the pixel rectangle [x, x+width) × [y, y+height): a band of <paramref name="thickness"/>
    /// pixels inside its edges (a rectangle thinner than two bands is filled). Parts outside the frame are skipped.
    /// </summary>
    /// <param name="frame">Frame to draw on.</param>
    /// <param name="x">Left column.</param>
    /// <param name="y">Top row.</param>
    /// <param name="width">Width in pixels (nothing is drawn when not positive).</param>
    /// <param name="height">Height in pixels (nothing is drawn when not positive).</param>
    /// <param name="color">Line colour.</param>
    /// <param name="thickness">Line thickness in pixels, at least 1.</param>
    public static void DrawRectangle(Frame frame, int x, int y, int width, int height, BgrColor color, int thickness = 2)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(thickness);
        if (width <= 0 || height <= 0) return;
        long right = (long)x + width, bottom = (long)y + height;
        int t = thickness;
        FillClipped(frame, x, y, right, Math.Min((long)y + t, bottom), color);                    // top
        FillClipped(frame, x, Math.Max(bottom - t, (long)y + t), right, bottom, color);           // bottom
        FillClipped(frame, x, (long)y + t, Math.Min((long)x + t, right), bottom - t, color);      // left
        FillClipped(frame, Math.Max(right - t, (long)x + t), (long)y + t, right, bottom - t, color); // right
    }

    /// <summary>Draws a box given in (sub)pixel coordinates, rounded to the nearest pixel edges.</summary>
    /// <param name="frame">Frame to draw on.</param>
    /// <param name="box">The box; nothing is drawn when it is not <see cref="BoundingBox.IsValid"/>.</param>
    /// <param name="color">Line colour.</param>
    /// <param name="thickness">Line thickness in pixels, at least 1.</param>
    public static void DrawRectangle(Frame frame, BoundingBox box, BgrColor color, int thickness = 2)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(thickness);
        if (!box.IsValid) return;
        // Clamp before converting so huge coordinates cannot overflow int.
        double limit = 1e9;
        int x0 = (int)Math.Round(Math.Clamp(box.X, -limit, limit)), y0 = (int)Math.Round(Math.Clamp(box.Y, -limit, limit));
        int x1 = (int)Math.Round(Math.Clamp(box.X + box.Width, -limit, limit)), y1 = (int)Math.Round(Math.Clamp(box.Y + box.Height, -limit, limit));
        DrawRectangle(frame, x0, y0, x1 - x0, y1 - y0, color, thickness);
    }

    /// <summary>Fills the pixel rectangle [x, x+width) × [y, y+height), clipped to the frame.</summary>
    /// <param name="frame">Frame to draw on.</param>
    /// <param name="x">Left column.</param>
    /// <param name="y">Top row.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="color">Fill colour.</param>
    public static void FillRectangle(Frame frame, int x, int y, int width, int height, BgrColor color)
    {
        ArgumentNullException.ThrowIfNull(frame);
        FillClipped(frame, x, y, (long)x + width, (long)y + height, color);
    }

    private static void FillClipped(Frame frame, long left, long top, long right, long bottom, BgrColor color)
    {
        int x0 = (int)Math.Clamp(left, 0, frame.Width), x1 = (int)Math.Clamp(right, 0, frame.Width);
        int y0 = (int)Math.Clamp(top, 0, frame.Height), y1 = (int)Math.Clamp(bottom, 0, frame.Height);
        if (x0 >= x1 || y0 >= y1) return;
        var pixels = frame.Pixels;
        int stride = frame.Stride;
        for (int y = y0; y < y1; y++)
        {
            var row = pixels.Slice(y * stride + x0 * 3, (x1 - x0) * 3);
            for (int i = 0; i < row.Length; i += 3)
            {
                row[i] = color.B;
                row[i + 1] = color.G;
                row[i + 2] = color.R;
            }
        }
    }
}
