using Microsoft.ML;
using MLNet.Siamese.Mapping;

namespace MLNet.Siamese.ML;

/// <summary>Expands TrackObject's per-video rows into one row per video, target and frame.</summary>
public static class TrackedFrames
{
    /// <summary>
    /// One <see cref="TrackedFrame"/> row per video, target and tracked frame of <paramref name="tracked"/> (the output
    /// of a TrackObject transformer); rows with status <c>error</c> contribute none. Tracking runs once, here: the
    /// per-video rows are read into memory and the frame rows are produced from them on each cursor.
    /// </summary>
    /// <param name="data">The data catalog (<c>mlContext.Data</c>).</param>
    /// <param name="tracked">TrackObject's output (must have the columns of <see cref="TrackedVideoRow"/>).</param>
    public static IDataView ExpandTrackedFrames(this DataOperationsCatalog data, IDataView tracked)
    {
        ArgumentNullException.ThrowIfNull(data);
        var videos = data.CreateEnumerable<TrackedVideoRow>(tracked, reuseRowObject: false).ToList();
        return data.LoadFromEnumerable(Expand(videos));
    }

    /// <summary>The frame rows of <paramref name="videos"/>, in order (pure; no ML.NET call).</summary>
    public static IEnumerable<TrackedFrame> Expand(IEnumerable<TrackedVideoRow> videos)
    {
        ArgumentNullException.ThrowIfNull(videos);
        foreach (var v in videos)
        {
            if (v.Status != VideoTrackResult.StatusOk) continue;
            string target = string.IsNullOrEmpty(v.TargetId) ? VideoTrackingMapper.DefaultTargetId : v.TargetId;
            for (int i = 0; i < v.FrameCount; i++)
                yield return new TrackedFrame
                {
                    Video = v.Video, TargetId = target, Frame = v.Frames[i],
                    X = v.BoxX[i], Y = v.BoxY[i], Width = v.BoxWidth[i], Height = v.BoxHeight[i], Score = v.Scores[i],
                    Status = i == 0 ? "init" : "tracked",
                };
        }
    }
}
