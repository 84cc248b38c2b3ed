using System.Collections;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Siamese.Mapping;
using MLNet.Siamese.Output;

namespace MLNet.Siamese.ML;

/// <summary>Expands TrackObject's per-video rows into one row per video, target and frame.</summary>
public static class TrackedFrames
{
    /// <summary>
    /// One <see cref="TrackedFrame"/> row per video, target and tracked frame of <paramref name="tracked"/> (the output of
    /// a TrackObject transformer); rows with status <c>error</c> contribute none. Lazy: each cursor over the result reads
    /// <paramref name="tracked"/> once, so nothing is tracked before the frames are read (put
    /// <c>mlContext.Data.Cache</c> before it to track once for several passes).
    /// </summary>
    /// <param name="data">The data catalog (<c>mlContext.Data</c>).</param>
    /// <param name="tracked">TrackObject's output.</param>
    /// <param name="options">The TrackObject settings (for the column names); null means the defaults.</param>
    public static IDataView ExpandTrackedFrames(this DataOperationsCatalog data, IDataView tracked, TrackObjectOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(tracked);
        var names = options?.Output ?? new TrackObjectOutputColumns();
        string video = options?.VideoColumnName ?? "Video";
        string targetColumn = options?.TargetIdColumnName ?? TrackObjectBinding.DefaultTargetIdColumn;
        foreach (var (name, kind) in new[] { (video, InputColumns.Kind.Text), (names.Status, InputColumns.Kind.Text) })
            InputColumns.Require("ExpandTrackedFrames", tracked.Schema, name, kind);
        return data.LoadFromEnumerable(new FrameRows(tracked, video, tracked.Schema.GetColumnOrNull(targetColumn) is null ? null : targetColumn, names));
    }

    /// <summary>Re-enumerable: each enumeration opens one cursor over the tracked view.</summary>
    private sealed class FrameRows(IDataView tracked, string video, string? target, TrackObjectOutputColumns names) : IEnumerable<TrackedFrame>
    {
        public IEnumerator<TrackedFrame> GetEnumerator()
        {
            var s = tracked.Schema;
            var foundColumn = s.GetColumnOrNull(names.Found); // absent (dropped): every frame counts as found
            var columns = new[] { s[video], s[names.Status], s[names.Frames], s[names.BoxX], s[names.BoxY], s[names.BoxWidth], s[names.BoxHeight], s[names.Scores] }
                .Concat(target is null ? [] : new[] { s[target] })
                .Concat(foundColumn is { } fc ? [fc] : []);
            using var cursor = tracked.GetRowCursor(columns);
            var getVideo = InputColumns.Text(cursor, s[video]);
            var getTarget = target is null ? null : InputColumns.Text(cursor, s[target]);
            var getStatus = InputColumns.Text(cursor, s[names.Status]);
            var frames = cursor.GetGetter<VBuffer<long>>(s[names.Frames]);
            var boxes = new[] { names.BoxX, names.BoxY, names.BoxWidth, names.BoxHeight, names.Scores }.Select(n => cursor.GetGetter<VBuffer<float>>(s[n])).ToArray();
            var found = foundColumn is { } c ? cursor.GetGetter<VBuffer<bool>>(c) : null;
            VBuffer<long> f = default;
            VBuffer<bool> seen = default;
            var v = new VBuffer<float>[5];
            while (cursor.MoveNext())
            {
                if (getStatus() != VideoTrackResult.StatusOk) continue;
                string path = getVideo();
                string id = getTarget?.Invoke() is { Length: > 0 } t ? t : VideoTrackingMapper.DefaultTargetId;
                frames(ref f);
                for (int k = 0; k < 5; k++) boxes[k](ref v[k]);
                found?.Invoke(ref seen);
                var foundAt = found is null ? null : seen.DenseValues().ToArray();
                var fi = f.DenseValues().ToArray();
                var x = v.Select(b => b.DenseValues().ToArray()).ToArray();
                for (int i = 0; i < fi.Length; i++)
                    yield return new TrackedFrame
                    {
                        Video = path, TargetId = id, Frame = fi[i], X = x[0][i], Y = x[1][i], Width = x[2][i], Height = x[3][i], Score = x[4][i],
                        Status = TrackStatusNames.Of(i == 0 ? TrackStatus.Init : foundAt?[i] != false ? TrackStatus.Tracked : TrackStatus.Lost),
                    };
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
