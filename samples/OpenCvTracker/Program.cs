// A Siamese tracker in OpenCV's tracker idiom, with OpenCvSharp doing the video I/O:
//   tracker.Init(mat, rect); while (capture.Read(mat)) tracker.Update(mat, out rect);
// Usage: dotnet run --project samples/OpenCvTracker -- <pack folder> <video file | camera index> x,y,w,h [annotated.mp4]
using System.Globalization;
using MLNet.Siamese;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Tracking;
using OpenCvSharp;

if (args.Length is < 3 or > 4)
{
    Console.Error.WriteLine("usage: OpenCvTracker <pack folder> <video file | camera index> x,y,w,h [annotated.mp4]");
    return 2;
}

var c = CultureInfo.InvariantCulture;
var parts = args[2].Split(',');
if (parts.Length != 4 || !parts.All(p => double.TryParse(p, NumberStyles.Float, c, out _)))
{
    Console.Error.WriteLine($"error: box '{args[2]}' is not x,y,w,h");
    return 2;
}
var rect = new Rect2d(double.Parse(parts[0], c), double.Parse(parts[1], c), double.Parse(parts[2], c), double.Parse(parts[3], c));

try
{
    using var tracker = SiameseTracker.Create(args[0]);
    using var capture = int.TryParse(args[1], out int camera) ? new VideoCapture(camera) : new VideoCapture(args[1]);
    if (!capture.IsOpened())
    {
        Console.Error.WriteLine($"error: {args[1]}: OpenCV cannot open it");
        return 1;
    }
    using var frame = new Mat();
    if (!capture.Read(frame) || frame.Empty())
    {
        Console.Error.WriteLine($"error: {args[1]}: no frames");
        return 1;
    }
    using var writer = args.Length == 4 ? new VideoWriter(args[3], FourCC.MP4V, capture.Fps > 0 ? capture.Fps : 30, frame.Size()) : null;

    tracker.Init(frame, rect); // the Mat is read in place: no copy
    Console.WriteLine(string.Create(c, $"0\t{rect.X},{rect.Y},{rect.Width},{rect.Height}\t1.000"));
    for (int index = 1; capture.Read(frame) && !frame.Empty(); index++)
    {
        tracker.Update(frame, out rect, out float score);
        Console.WriteLine(string.Create(c, $"{index}\t{rect.X:R},{rect.Y:R},{rect.Width:R},{rect.Height:R}\t{score:0.000}"));
        if (writer is not null)
        {
            Cv2.Rectangle(frame, new Rect((int)Math.Round(rect.X), (int)Math.Round(rect.Y), (int)Math.Round(rect.Width), (int)Math.Round(rect.Height)),
                Scalar.LimeGreen, 2);
            writer.Write(frame);
        }
    }
    return 0;
}
catch (SiameseException ex)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 1;
}
