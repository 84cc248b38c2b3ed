using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Evaluation.Datasets;
using MLNet.Siamese.Evaluation.Running;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;
using Xunit.Abstractions;

namespace MLNet.Siamese.Tests.Tracking;

/// <summary>
/// Acceptance: the C# tracker reproduces the original Python NanoTrack tracker's per-frame boxes
/// (../shared/docs/reference/&lt;release&gt;/&lt;sequence&gt;.txt, initialised with line 1 of that file). The reference
/// is pysot's tracker: its init box reads like the library's, its reported boxes are half a pixel up and left, so
/// every comparison passes <see cref="InitConvention.Pysot"/> explicitly.
/// </summary>
public class NanoTrackParityTests(ITestOutputHelper output, NanoTrackParityTests.NearTies nearTies)
    : IClassFixture<NanoTrackParityTests.NearTies>
{
    private static readonly string[] Sequences = ["Bolt", "Human3", "bike1", "boat1", "person12", "wakeboard7"];

    /// <summary>
    /// Free-running tracks drift apart by ONNX Runtime vs PyTorch float32 rounding (1e-5 px at frame 1, growing) and
    /// separate where the reference's decision was a near-tie (Bolt at frame 294, where NanoTrack v2 has lost the runner
    /// near the left border): the tracker restarts from the reference's box after those frames (<see cref="NearTieRestarts"/>,
    /// flagged by the project's Python NanoTrack, which reproduces these reference files exactly); the bound is 0.99 for
    /// every case. The teacher-forced test below checks every single step.
    /// </summary>
    private const double FreeRunningBound = 0.99;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var seq in Sequences) data.Add("nanotrack-v2", seq);
        foreach (var seq in new[] { "wakeboard7", "person12" })
        {
            data.Add("nanotrack-v1", seq);
            data.Add("nanotrack-v3", seq);
        }
        return data;
    }

    public static TheoryData<string> V2Sequences() => new(Sequences);

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Free_running_tracks_match_the_reference_python_tracker(string release, string sequence)
    {
        var (reference, groundTruth, frames) = Load(release, sequence);
        var restarts = nearTies.Frames(release, sequence);
        var tracked = new List<BoundingBox>();
        using (var tracker = (PysotTracker)SiameseTracker.Create(NanoTrackPacks.Get(release)))
        using (var source = FrameSource.Open(frames))
        {
            while (tracked.Count < reference.Count && source.ReadNext() is { } frame)
                using (frame)
                    tracked.Add(NearTieRestarts.Step(tracker, frame, tracked.Count, reference, restarts));
        }
        Assert.Equal(reference.Count, tracked.Count);

        // Frame 0 is the init box on both sides; compare from frame 1.
        var ious = OtbMetrics.Ious(tracked.Skip(1).ToList(), reference.Skip(1).ToList());
        double meanIou = ious.Average();
        // AUC as the OTB toolkit computes it: frame 0 replaced by the ground truth.
        double aucOurs = OtbMetrics.SuccessAuc(WithFirst(tracked, groundTruth[0]), groundTruth);
        double aucReference = OtbMetrics.SuccessAuc(WithFirst(reference, groundTruth[0]), groundTruth);
        output.WriteLine($"{release} {sequence}: frames {tracked.Count}, mean IoU vs reference {meanIou:0.0000}, min {ious.Min():0.0000}, " +
                         $"AUC ours {aucOurs:0.0000} reference {aucReference:0.0000} (diff {Math.Abs(aucOurs - aucReference):0.0000}); " +
                         $"restarted after the reference's near-tie frames [{string.Join(", ", restarts.Order())}]");
        Assert.True(meanIou >= FreeRunningBound, $"mean IoU {meanIou:0.0000} < {FreeRunningBound}");
        Assert.True(Math.Abs(aucOurs - aucReference) <= 0.005, $"AUC {aucOurs:0.0000} vs reference {aucReference:0.0000}");
    }

    /// <summary>
    /// Each frame starts from the reference tracker's previous state (its output box is its state: centre and size),
    /// so differences cannot accumulate: this checks crop, model and decoder step by step on every frame.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(V2Sequences))]
    public void Every_single_step_matches_the_reference_python_tracker(string sequence)
    {
        var (reference, _, frames) = Load("nanotrack-v2", sequence);
        using var tracker = (PysotTracker)SiameseTracker.Create(NanoTrackPacks.Get("nanotrack-v2"));
        using var source = FrameSource.Open(frames);
        var ious = new List<double>();
        double maxError = 0;
        for (int i = 0; i < reference.Count && source.ReadNext() is { } frame; i++)
        {
            using (frame)
            {
                if (i == 0)
                {
                    tracker.Init(frame, reference[0]);
                    continue;
                }
                // Line 1 is the init box (pysot centre convention); later lines are [cx - w/2, cy - h/2, w, h].
                if (i > 1) NearTieRestarts.RestartFrom(tracker, reference[i - 1]);
                var box = InitBox.Reported(tracker.Track(frame).Box, InitConvention.Pysot);
                ious.Add(box.IoU(reference[i]));
                maxError = Math.Max(maxError, new[] { box.X - reference[i].X, box.Y - reference[i].Y, box.Width - reference[i].Width, box.Height - reference[i].Height }
                    .Max(Math.Abs));
            }
        }
        output.WriteLine($"nanotrack-v2 {sequence} teacher-forced: {ious.Count} steps, mean IoU {ious.Average():0.000000}, min {ious.Min():0.000000}, max coordinate error {maxError:0.000} px");
        Assert.Equal(reference.Count - 1, ious.Count);
        Assert.True(ious.Min() >= 0.99, $"min one-step IoU {ious.Min():0.0000}");
        Assert.True(ious.Average() >= 0.999, $"mean one-step IoU {ious.Average():0.00000}");
    }

    /// <summary>
    /// <c>siamese eval</c>'s path (<see cref="SequenceRunner"/>) with the pysot convention reproduces the original
    /// NanoTrack v2's AUC on every sequence, within the free-running test's bound.
    /// </summary>
    [SkippableFact]
    public void Evaluation_with_the_pysot_convention_reproduces_the_reference_auc()
    {
        using var model = MLNet.Siamese.Inference.SiameseModel.Load(NanoTrackPacks.Get("nanotrack-v2"));
        foreach (var name in Sequences)
        {
            var sequence = SequenceFolderReader.Read(SharedData.Require($"data/sequences/{name}"))[0];
            var (reference, groundTruth, _) = Load("nanotrack-v2", name);
            using var tracker = SiameseTracker.Create(model);
            var run = SequenceRunner.OnePass(tracker, sequence, InitConvention.Pysot);
            var ours = run.Regions.Select(r => r.Box).ToList();
            Assert.Equal(reference[0], ours[0]); // result line 1: the box pysot's tracker was given
            double aucOurs = OtbMetrics.SuccessAuc(WithFirst(ours, groundTruth[0]), groundTruth);
            double aucReference = OtbMetrics.SuccessAuc(WithFirst(reference, groundTruth[0]), groundTruth);
            output.WriteLine($"nanotrack-v2 {name} via SequenceRunner (pysot): AUC ours {aucOurs:0.0000} reference {aucReference:0.0000}");
            Assert.True(Math.Abs(aucOurs - aucReference) <= 0.005, $"{name}: AUC {aucOurs:0.0000} vs reference {aucReference:0.0000}");
        }
    }

    private static (IReadOnlyList<BoundingBox> Reference, IReadOnlyList<BoundingBox> GroundTruth, string Frames) Load(string release, string sequence)
    {
        string seqDir = SharedData.Require($"data/sequences/{sequence}");
        var reference = BoxFile.Read(SharedData.Require($"docs/reference/{release}/{sequence}.txt"));
        var groundTruth = BoxFile.Read(Directory.GetFiles(seqDir, "groundtruth*.txt").Single());
        return (reference, groundTruth, Path.Combine(seqDir, "img"));
    }

    /// <summary>
    /// Runs <paramref name="pack"/> as the reference implementation of <paramref name="convention"/> would:
    /// <paramref name="referenceInit"/> is the box that implementation's tracker was given (line 1 of its result
    /// files; pysot's reads like the library's, siamfc-pytorch's is 1-based) and comes back as box 0; later boxes are
    /// reported as it would report them (<see cref="InitBox.Reported"/>).
    /// </summary>
    internal static List<BoundingBox> Track(string pack, string frames, BoundingBox referenceInit, InitConvention convention,
        int? maxFrames = null, TrackerOptions? options = null)
    {
        var init = convention == InitConvention.SiamFc ? InitBox.From(Region.FromBox(referenceInit), convention) : referenceInit;
        using var tracker = SiameseTracker.Create(pack, options: options);
        using var source = FrameSource.Open(frames);
        var boxes = new List<BoundingBox>();
        while ((maxFrames is null || boxes.Count < maxFrames) && source.ReadNext() is { } frame)
        {
            using (frame)
            {
                if (boxes.Count == 0)
                {
                    tracker.Init(frame, init);
                    boxes.Add(referenceInit);
                }
                else
                {
                    boxes.Add(InitBox.Reported(tracker.Track(frame).Box, convention));
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

    /// <summary>
    /// The reference's near-tie frames per (release, sequence): tools/reference/verify_shared.py runs the project's
    /// Python NanoTrack (public .pth weights, 1 torch thread) over the shared sequences once for the whole class (~80 s).
    /// </summary>
    public sealed class NearTies
    {
        private readonly Lazy<Dictionary<string, HashSet<int>>> _frames = new(Generate);

        public IReadOnlySet<int> Frames(string release, string sequence) =>
            _frames.Value[$"{release.Replace("nanotrack-", "")}/pth/{sequence}"];

        private static Dictionary<string, HashSet<int>> Generate()
        {
            string python = SharedData.RequirePython("numpy", "cv2", "torch");
            SharedData.Require("models/third_party/nanotrack-v2/nanotrack.pth");
            string script = Path.Combine(SharedData.RepoRoot, "tools", "reference", "verify_shared.py");
            var result = new Dictionary<string, HashSet<int>>();
            // Cases(): every sequence for v2, wakeboard7 and person12 for v1 and v3.
            foreach (var (versions, sequences) in new[] { ("v2", string.Join(",", Sequences)), ("v1,v3", "wakeboard7,person12") })
            {
                string outDir = Directory.CreateTempSubdirectory("near-ties").FullName;
                try
                {
                    var (code, _, err) = ProcessRunner.Run(python,
                        [script, "--versions", versions, "--backends", "pth", "--sequences", sequences, "--threads", "1",
                         "--shared", SharedData.SharedRoot!, "--out-dir", outDir], TimeSpan.FromMinutes(10));
                    if (code != 0) throw new InvalidOperationException("verify_shared.py failed: " + err);
                    using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "near_ties.json")));
                    foreach (var entry in json.RootElement.EnumerateObject())
                        result[entry.Name] = entry.Value.EnumerateArray().Select(f => f.GetInt32()).ToHashSet();
                }
                finally
                {
                    Directory.Delete(outDir, recursive: true);
                }
            }
            return result;
        }
    }
}
