using System.Diagnostics;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Evaluation.Datasets;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Evaluation.Running;

/// <summary>
/// Runs one <see cref="ISiameseTracker"/> over one sequence: one-pass (OTB, GOT-10k: initialised on frame 0, then
/// tracked to the end) or reset-based (VOT: re-initialised <see cref="VotMetrics.SkipFrames"/> frames after each
/// frame whose prediction does not overlap the ground truth). Deterministic for a deterministic tracker. The
/// <see cref="InitConvention"/> turns ground truth into initial boxes and the tracker's boxes into the ones the
/// reference implementation would have reported, so results compare with that implementation's.
/// </summary>
public static class SequenceRunner
{
    /// <summary>One-pass run; region 0 is the initial box.</summary>
    /// <exception cref="AnnotationException">The frame-0 ground truth is not a valid box.</exception>
    public static TrackerRun OnePass(ISiameseTracker tracker, EvaluationSequence sequence, InitConvention convention,
        Action? onFrame = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(sequence);
        if (!sequence.GroundTruth[0].IsValid)
            throw new AnnotationException(sequence.GroundTruthPath, 1, "the first ground-truth row is not a valid box: cannot initialise");
        var init = InitBox.From(sequence.GroundTruth[0], convention);
        var given = InitBox.ReferenceInit(sequence.GroundTruth[0], convention);
        var regions = new List<Region>(sequence.Length);
        var seconds = new List<double>(sequence.Length);
        ForEachFrame(sequence, cancel, (frame, i) =>
        {
            long start = Stopwatch.GetTimestamp();
            BoundingBox box;
            if (i == 0)
            {
                tracker.Init(frame, init);
                box = given;
            }
            else
            {
                box = InitBox.Reported(tracker.Track(frame).Box, convention);
            }
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            regions.Add(Region.FromBox(box));
            onFrame?.Invoke();
        });
        return new TrackerRun(regions, seconds);
    }

    /// <summary>Reset-based (VOT) run: codes 1 (init), 2 (failure), 0 (skipped) and predicted boxes.</summary>
    public static TrackerRun ResetBased(ISiameseTracker tracker, EvaluationSequence sequence, InitConvention convention,
        Action? onFrame = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(sequence);
        var regions = new List<Region>(sequence.Length);
        var seconds = new List<double>(sequence.Length);
        var bounds = sequence.FrameSize;
        int nextInit = 0;
        ForEachFrame(sequence, cancel, (frame, i) =>
        {
            long start = Stopwatch.GetTimestamp();
            var gt = sequence.GroundTruth[i];
            Region region;
            if (i == nextInit)
            {
                if (gt.IsValid)
                {
                    tracker.Init(frame, InitBox.From(gt, convention));
                    region = Region.FromCode(Region.Initialization);
                }
                else
                {
                    // No target to initialise on: try the next frame.
                    region = Region.FromCode(Region.Skipped);
                    nextInit++;
                }
            }
            else if (i < nextInit)
            {
                region = Region.FromCode(Region.Skipped);
            }
            else
            {
                var predicted = Region.FromBox(InitBox.Reported(tracker.Track(frame).Box, convention));
                // A frame without a valid ground truth (target absent) cannot be a failure.
                if (!gt.IsValid || RegionOverlap.IoU(predicted, gt, bounds) > 0)
                {
                    region = predicted;
                }
                else
                {
                    region = Region.FromCode(Region.Failure);
                    nextInit = i + VotMetrics.SkipFrames;
                }
            }
            seconds.Add(region.Kind == RegionKind.Special && region.Code == Region.Skipped ? 0 : Stopwatch.GetElapsedTime(start).TotalSeconds);
            regions.Add(region);
            onFrame?.Invoke();
        });
        return new TrackerRun(regions, seconds);
    }

    private static void ForEachFrame(EvaluationSequence sequence, CancellationToken cancel, Action<Frame, int> step)
    {
        using var source = new ImageFolderSource(sequence.Folder, sequence.Frames.ToArray(), null);
        for (int i = 0; i < sequence.Length; i++)
        {
            cancel.ThrowIfCancellationRequested();
            using var frame = source.ReadNext() ?? throw new FrameSourceException(sequence.Folder, "fewer frames than listed", i);
            step(frame, i);
        }
    }
}
