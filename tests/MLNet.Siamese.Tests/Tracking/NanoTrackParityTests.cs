using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;
using Xunit.Abstractions;

namespace MLNet.Siamese.Tests.Tracking;

/// <summary>
/// Acceptance: the C# tracker reproduces the original Python NanoTrack tracker's per-frame boxes
/// (../shared/docs/reference/&lt;release&gt;/&lt;sequence&gt;.txt, initialised with line 1 of that file).
/// </summary>
public class NanoTrackParityTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var seq in new[] { "Bolt", "Human3", "bike1", "boat1", "person12", "wakeboard7" })
            data.Add("nanotrack-v2", seq);
        foreach (var seq in new[] { "wakeboard7", "person12" })
        {
            data.Add("nanotrack-v1", seq);
            data.Add("nanotrack-v3", seq);
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Tracks_match_the_reference_python_tracker(string release, string sequence)
    {
        string seqDir = SharedData.Require($"data/sequences/{sequence}");
        string referenceFile = SharedData.Require($"docs/reference/{release}/{sequence}.txt");
        var reference = BoxFile.Read(referenceFile);
        var groundTruth = BoxFile.Read(Directory.GetFiles(seqDir, "groundtruth*.txt").Single());

        var tracked = Track(NanoTrackPacks.Get(release), Path.Combine(seqDir, "img"), reference[0], reference.Count);
        Assert.Equal(reference.Count, tracked.Count);

        // Frame 0 is the init box on both sides; compare from frame 1.
        var ious = OtbMetrics.Ious(tracked.Skip(1).ToList(), reference.Skip(1).ToList());
        double meanIou = ious.Average();
        // AUC as the OTB toolkit computes it: frame 0 replaced by the ground truth.
        double aucOurs = OtbMetrics.SuccessAuc(WithFirst(tracked, groundTruth[0]), groundTruth);
        double aucReference = OtbMetrics.SuccessAuc(WithFirst(reference, groundTruth[0]), groundTruth);
        output.WriteLine($"{release} {sequence}: frames {tracked.Count}, mean IoU vs reference {meanIou:0.0000}, min {ious.Min():0.0000}, " +
                         $"AUC ours {aucOurs:0.0000} reference {aucReference:0.0000} (diff {Math.Abs(aucOurs - aucReference):0.0000})");
        Assert.True(meanIou >= 0.99, $"mean IoU {meanIou:0.0000} < 0.99");
        Assert.True(Math.Abs(aucOurs - aucReference) <= 0.005, $"AUC {aucOurs:0.0000} vs reference {aucReference:0.0000}");
    }

    internal static List<BoundingBox> Track(string pack, string frames, BoundingBox init, int? maxFrames = null)
    {
        using var tracker = SiameseTracker.Create(pack);
        using var source = FrameSource.Open(frames);
        var boxes = new List<BoundingBox>();
        while ((maxFrames is null || boxes.Count < maxFrames) && source.ReadNext() is { } frame)
        {
            using (frame)
            {
                if (boxes.Count == 0)
                {
                    tracker.Init(frame, init);
                    boxes.Add(init);
                }
                else
                {
                    boxes.Add(tracker.Track(frame).Box);
                }
            }
        }
        return boxes;
    }

    private static List<BoundingBox> WithFirst(IReadOnlyList<BoundingBox> boxes, BoundingBox first)
    {
        var list = boxes.ToList();
        list[0] = first;
        return list;
    }
}
