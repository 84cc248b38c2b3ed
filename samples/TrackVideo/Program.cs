// The smallest use of the library: OpenCV-style Init/Track over a video or a folder of frames.
// Usage: dotnet run --project samples/TrackVideo -- <pack folder> <video|folder> x,y,w,h
using MLNet.Siamese;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: TrackVideo <pack folder> <video|folder> x,y,w,h");
    return 2;
}

try
{
    using var tracker = SiameseTracker.Create(args[0]);
    using var source = FrameSource.Open(args[1]);
    var box = BoundingBox.Parse(args[2]);
    using (var first = source.ReadNext() ?? throw new FrameSourceException(args[1], "no frames"))
        tracker.Init(first, box);

    while (source.ReadNext() is { } frame)
    {
        using (frame)
        {
            var (tracked, score, _) = tracker.Track(frame);
            Console.WriteLine($"{frame.Index}\t{tracked}\t{score:0.000}");
        }
    }
    return 0;
}
catch (Exception ex) when (ex is SiameseException or FormatException)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 1;
}
