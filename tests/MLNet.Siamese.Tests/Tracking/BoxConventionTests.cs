using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Evaluation.Running;
using Microsoft.ML;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.ML;
using MLNet.Siamese.Tests.ML;
using MLNet.Siamese.Models;
using MLNet.Siamese.Output;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Tests.Tracking;

/// <summary>
/// The public box convention (<see cref="BoundingBox"/>: 0-based, top-left pixel, centre <c>x + (w-1)/2</c>) pinned
/// for every tracking scheme the factory builds: the same box gives the same template centre, and the box a tracker
/// reports for its state is the box it was given. Reference implementations' conventions exist only as
/// <see cref="InitConvention"/> options.
/// </summary>
public class BoxConventionTests(BoxConventionTests.Packs packs) : IClassFixture<BoxConventionTests.Packs>
{
    public static TheoryData<string> Schemes() => new("point", "anchor", "anchor-long-term", "response-map");

    [SkippableTheory]
    [MemberData(nameof(Schemes))]
    public void Every_scheme_centres_the_same_box_on_the_same_pixel(string scheme)
    {
        using var tracker = (SearchTracker)SiameseTracker.Create(packs.Get(scheme));
        Assert.Equal(scheme switch
        {
            "point" or "anchor" => typeof(PysotTracker),
            "anchor-long-term" => typeof(LongTermTracker),
            _ => typeof(ResponseMapTracker),
        }, tracker.GetType());
        using var source = FrameSource.Open(SharedData.Require("data/sequences/person12/img"));
        using var frame = source.ReadNext()!;

        // Values exact in float32 (the SiamFC scheme keeps its state in float32, as siamfc-pytorch does).
        foreach (var (box, cx, cy) in new[] { (new BoundingBox(100, 50, 41, 31), 120.0, 65.0), (new BoundingBox(100.5, 50.25, 40, 30), 120.0, 64.75) })
        {
            tracker.Init(frame, box);
            Assert.Equal((box.CenterX, box.CenterY), tracker.Center);
            Assert.Equal((cx, cy), tracker.Center);
            Assert.Equal(box, tracker.Box);
        }

        var step = tracker.Track(frame);
        Assert.True(step.Box.IsValid, $"{scheme}: {step.Box}");
        // The long-term scheme keeps its state unclipped (pysot's SiamRPNLTTracker); the others report their state.
        if (scheme != "anchor-long-term") Assert.Equal(tracker.Box, step.Box);
    }

    /// <summary>Long-term mode: <see cref="TrackResult.Found"/> follows the lost/found switch of the scores.</summary>
    [SkippableFact]
    public void Long_term_tracker_reports_lost_frames()
    {
        string pack = packs.Get("anchor-long-term");
        var lt = ModelPack.Load(pack).LongTerm!;
        using var tracker = SiameseTracker.Create(pack);
        using var source = FrameSource.Open(SharedData.Require("data/sequences/person12/img"));
        var init = BoxFile.Read(SharedData.Require("data/sequences/person12/groundtruth.txt"))[0];
        bool lost = false;
        int lostFrames = 0;
        for (int i = 0; i < 40 && source.ReadNext() is { } frame; i++)
            using (frame)
            {
                if (i == 0)
                {
                    tracker.Init(frame, init);
                    continue;
                }
                var r = tracker.Track(frame);
                if (r.Score < lt.ConfidenceLow) lost = true;
                else if (r.Score > lt.ConfidenceHigh) lost = false;
                Assert.Equal(!lost, r.Found);
                if (!r.Found) lostFrames++;
            }
        Assert.True(lostFrames > 0, "the sequence must exercise the lost mode");
    }

    /// <summary>Frames the tracker reports lost reach the track tables as <c>lost</c> (not <c>tracked</c>).</summary>
    [SkippableFact]
    public void Lost_frames_are_written_with_status_lost()
    {
        string pack = packs.Get("anchor-long-term");
        var init = BoxFile.Read(SharedData.Require("data/sequences/person12/groundtruth.txt"))[0];
        using var tracker = SiameseTracker.Create(pack);
        using var source = FrameSource.Open(SharedData.Require("data/sequences/person12/img"));
        string csv = Path.Combine(Path.GetTempPath(), $"lost-{Guid.NewGuid():N}.csv");
        var statuses = new List<TrackStatus>();
        try
        {
            using (var writer = TrackWriter.Create(csv))
            {
                foreach (var (_, record) in SourceTracking.Run(tracker, source, init, "0", maxFrames: 40))
                {
                    statuses.Add(record.Status);
                    writer.Write(record);
                }
                writer.Commit();
            }
            Assert.Equal(TrackStatus.Init, statuses[0]);
            int lost = statuses.Count(s => s == TrackStatus.Lost);
            Assert.True(lost > 0, "the sequence must exercise the lost mode");
            var rows = File.ReadAllLines(csv).Skip(1).ToArray();
            Assert.Equal(statuses.Count, rows.Length);
            Assert.Equal(lost, rows.Count(r => r.Split(',').Contains("lost")));
            Assert.Equal(statuses.Count - 1 - lost, rows.Count(r => r.Split(',').Contains("tracked")));
        }
        finally
        {
            File.Delete(csv);
        }
    }

    /// <summary>
    /// The ML.NET tables say <c>lost</c> where the tracker does: TrackObject's <c>Found</c> vector and
    /// ExpandTrackedFrames' statuses, and TrackObjectFrames' per-frame status, against the tracker run directly.
    /// </summary>
    [SkippableFact]
    public void Lost_frames_reach_the_ML_tables_as_lost()
    {
        const int frames = 40;
        string pack = packs.Get("anchor-long-term");
        string images = SharedData.Require("data/sequences/person12/img");
        var init = BoxFile.Read(SharedData.Require("data/sequences/person12/groundtruth.txt"))[0];
        List<TrackStatus> expected;
        using (var tracker = SiameseTracker.Create(pack))
        using (var source = FrameSource.Open(images))
            expected = SourceTracking.Run(tracker, source, init, "0", maxFrames: frames).Select(p => p.Record.Status).ToList();
        string[] names = expected.Select(TrackStatusNames.Of).ToArray();
        Assert.Contains("lost", names);
        Assert.Contains("tracked", names);

        var ml = new MLContext();
        var videos = ml.Data.LoadFromEnumerable(new[]
        {
            new TrackObjectTests.VideoRow { Video = images, X = (float)init.X, Y = (float)init.Y, Width = (float)init.Width, Height = (float)init.Height },
        });
        var options = new TrackObjectOptions { ModelPack = pack, MaxFrames = frames };
        var tracked = ml.Transforms.TrackObject(options).Fit(videos).Transform(videos);
        var row = Assert.Single(ml.Data.CreateEnumerable<TrackedVideo>(tracked, reuseRowObject: false));
        Assert.Equal(expected.Select(s => s != TrackStatus.Lost), row.Found);
        var expanded = ml.Data.CreateEnumerable<TrackedFrame>(ml.Data.ExpandTrackedFrames(tracked, options), reuseRowObject: false);
        Assert.Equal(names, expanded.Select(f => f.Status));

        var frameData = ml.Data.LoadFromEnumerable(TrackFramesTests.Rows("person12", init, frames));
        using var perFrame = ml.Transforms.TrackObjectFrames(new TrackFramesOptions { ModelPack = pack, ImageColumnName = "ImagePath" }).Fit(frameData);
        var statuses = ml.Data.CreateEnumerable<TrackedFrameColumns>(perFrame.Transform(frameData), reuseRowObject: false).Select(r => r.Status);
        Assert.Equal(names, statuses);
    }

    [Fact]
    public void Evaluation_conventions_translate_only_at_the_runner()
    {
        var gt = Region.FromBox(new BoundingBox(10, 20, 30, 40));
        Assert.Equal(new BoundingBox(10.5, 20.5, 30, 40), InitBox.From(gt, InitConvention.Pysot));
        Assert.Equal(new BoundingBox(9, 19, 30, 40), InitBox.From(gt, InitConvention.SiamFc));
        Assert.Equal(new BoundingBox(10, 20, 30, 40), InitBox.From(gt, InitConvention.Raw));
        // What each reference's own tracker was given, and how it reports a box the library reports.
        Assert.Equal(new BoundingBox(10.5, 20.5, 30, 40), InitBox.ReferenceInit(gt, InitConvention.Pysot));
        Assert.Equal(new BoundingBox(10, 20, 30, 40), InitBox.ReferenceInit(gt, InitConvention.SiamFc));
        var ours = new BoundingBox(100, 50, 20, 10);
        Assert.Equal(new BoundingBox(99.5, 49.5, 20, 10), InitBox.Reported(ours, InitConvention.Pysot));
        Assert.Equal(new BoundingBox(101, 51, 20, 10), InitBox.Reported(ours, InitConvention.SiamFc));
        Assert.Equal(ours, InitBox.Reported(ours, InitConvention.Raw));
        // The SiamFC convention puts siamfc-pytorch's centre x-1+(w-1)/2 on the library's centre.
        var b = InitBox.From(gt, InitConvention.SiamFc);
        Assert.Equal(10 - 1 + (30 - 1) / 2.0, b.CenterX);
    }

    /// <summary>One pack per scheme: NanoTrack v2 (points) from ../shared, the others exported once (tools/reference/make_family_packs.sh).</summary>
    public sealed class Packs
    {
        private static readonly Dictionary<string, string> Exported = new()
        {
            ["anchor"] = "siamrpn++-tiny-c64-random1",
            ["anchor-long-term"] = "siamrpn++-alex-lt-random1",
            ["response-map"] = "fdsiamfc-30",
        };

        private readonly Lazy<string> _dir = new(Export);

        public string Get(string scheme) => scheme == "point" ? NanoTrackPacks.Get("nanotrack-v2") : Path.Combine(_dir.Value, Exported[scheme]);

        private static string Export()
        {
            SharedData.RequirePython("numpy", "cv2", "torch", "onnx");
            SharedData.Require("models/third_party/fdsiamfc/FDSiamfc_30.pth");
            string outDir = Directory.CreateTempSubdirectory("convention-packs").FullName;
            var (code, _, err) = ProcessRunner.Run("bash",
                [Path.Combine(SharedData.RepoRoot, "tools", "reference", "make_family_packs.sh"), outDir, "--only", string.Join(',', Exported.Values)],
                TimeSpan.FromMinutes(15));
            if (code != 0) throw new InvalidOperationException("pack export failed: " + err);
            return outDir;
        }
    }
}
