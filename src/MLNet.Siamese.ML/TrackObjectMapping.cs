using MLNet.Siamese.Geometry;
using MLNet.Siamese.Mapping;

namespace MLNet.Siamese.ML;

/// <summary>The CustomMapping action: a row → <see cref="VideoTrackingMapper.Track"/> → output columns. No tracking logic here.</summary>
internal static class TrackObjectMapping
{
    /// <summary>
    /// Thread-safe as ML.NET requires (it may call the action from several cursors at once): the mapper shares one
    /// model and creates a tracker per call; the action writes only to <paramref name="mapper"/>'s result and the
    /// destination row it is given (which ML.NET may reuse between rows, so every column is assigned).
    /// </summary>
    public static Action<VideoTrackingInput, TrackedVideo> Create(VideoTrackingMapper mapper) =>
        (src, dst) => Fill(dst, mapper.Track(ToRequest(src)));

    public static VideoTrackRequest ToRequest(VideoTrackingInput src) =>
        new(src.Video, new BoundingBox(src.X, src.Y, src.Width, src.Height), src.TargetId, src.StartFrame);

    public static void Fill(TrackedVideo dst, VideoTrackResult result)
    {
        var records = result.Records;
        int n = records.Count;
        dst.Status = result.Status;
        dst.Error = result.Error ?? "";
        dst.FrameCount = n;
        dst.Frames = new long[n];
        dst.BoxX = new float[n];
        dst.BoxY = new float[n];
        dst.BoxWidth = new float[n];
        dst.BoxHeight = new float[n];
        dst.Scores = new float[n];
        for (int i = 0; i < n; i++)
        {
            var r = records[i];
            dst.Frames[i] = r.FrameIndex;
            dst.BoxX[i] = (float)r.Box.X;
            dst.BoxY[i] = (float)r.Box.Y;
            dst.BoxWidth[i] = (float)r.Box.Width;
            dst.BoxHeight[i] = (float)r.Box.Height;
            dst.Scores[i] = r.Score;
        }
    }
}
