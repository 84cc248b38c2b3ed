using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Evaluation.Running;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;
using Xunit.Abstractions;

namespace MLNet.Siamese.Tests.Tracking;

/// <summary>
/// Parity on real sequences that are not in ../shared/data/sequences (tools/reference/extra_sequences.tsv: the
/// unannotated tennis frames and bag video, mirrored copies and mid-sequence starts). References come from the
/// project's Python NanoTrack tracker (tools/reference/nanotrack_tracker.py: the public .pth weights in PyTorch,
/// numpy/OpenCV post-processing), regenerated at test time.
/// </summary>
public class ExtraSequenceParityTests(ITestOutputHelper output, ExtraSequenceParityTests.References references)
    : IClassFixture<ExtraSequenceParityTests.References>
{
    public sealed record Case(string Name, string Source, int Start, int Count, bool Flip);

    public static TheoryData<string> CaseNames() => new(ReadCases().Select(c => c.Name));

    /// <summary>Free-running, restarted after the reference's near-tie frames (<see cref="NearTieRestarts"/>).</summary>
    private const double FreeRunningBound = 0.99;

    [SkippableTheory]
    [MemberData(nameof(CaseNames))]
    public void Free_running_tracks_match_the_python_reference(string name)
    {
        var (c, reference) = Load(name);
        var nearTies = references.NearTieFrames(name);
        var tracked = new List<BoundingBox>();
        Run(c, reference.Count, (tracker, frame, i) => tracked.Add(NearTieRestarts.Step(tracker, frame, i, reference, nearTies)));
        Assert.Equal(reference.Count, tracked.Count);
        var ious = OtbMetrics.Ious(tracked.Skip(1).ToList(), reference.Skip(1).ToList());
        output.WriteLine($"{name}: {tracked.Count} frames, free-running mean IoU vs Python reference {ious.Average():0.0000}, " +
                         $"min {ious.Min():0.0000}; restarted after the reference's near-tie frames [{string.Join(", ", nearTies.Order())}]");
        Assert.True(ious.Average() >= FreeRunningBound, $"mean IoU {ious.Average():0.0000}");
    }

    /// <summary>Each step starts from the reference's previous state, so rounding cannot accumulate.</summary>
    [SkippableTheory]
    [MemberData(nameof(CaseNames))]
    public void Every_single_step_matches_the_python_reference(string name)
    {
        var (c, reference) = Load(name);
        var ious = new List<double>();
        Run(c, reference.Count, (tracker, frame, i) =>
        {
            if (i == 0)
            {
                tracker.Init(frame, reference[0]);
                return;
            }
            if (i > 1) NearTieRestarts.RestartFrom(tracker, reference[i - 1]);
            ious.Add(InitBox.Reported(tracker.Track(frame).Box, InitConvention.Pysot).IoU(reference[i]));
        });
        output.WriteLine($"{name}: teacher-forced {ious.Count} steps, mean IoU {ious.Average():0.000000}, min {ious.Min():0.000000}");
        Assert.Equal(reference.Count - 1, ious.Count);
        Assert.True(ious.Min() >= 0.99, $"min one-step IoU {ious.Min():0.0000}");
        Assert.True(ious.Average() >= 0.999, $"mean one-step IoU {ious.Average():0.00000}");
    }

    private (Case Case, IReadOnlyList<BoundingBox> Reference) Load(string name)
    {
        var c = ReadCases().Single(x => x.Name == name);
        SharedData.Require(c.Source);
        return (c, BoxFile.Read(Path.Combine(references.Directory(), "nanotrack-v2", "pth", name + ".txt")));
    }

    /// <summary>The reference is pysot's tracker: init boxes read alike, its boxes are compared via <see cref="InitConvention.Pysot"/>.</summary>
    private static void Run(Case c, int count, Action<PysotTracker, Frame, int> step)
    {
        using var tracker = (PysotTracker)SiameseTracker.Create(NanoTrackPacks.Get("nanotrack-v2"));
        using var frames = OpenFrames(SharedData.Require(c.Source), c.Start);
        for (int i = 0; i < count && frames.ReadNext() is { } frame; i++)
        {
            using (frame)
            {
                if (c.Flip) Mirror(frame);
                step(tracker, frame, i);
            }
        }
    }

    /// <summary>
    /// The frames the Python reference tracked. Image folders: the library's decoder, bit-identical to cv2.imread (a
    /// test). Video files: the reference's own cv2.VideoCapture frames (Debian's OpenCV 4.6 on FFmpeg 5.1), because the
    /// library's VideoCapture (OpenCV 4.13 on FFmpeg 7.1) converts YUV to BGR with other rounding (values up to 3 apart,
    /// Imaging/SharedFramesBitIdentityTests) and this test is about the tracker, not the decoder.
    /// </summary>
    private static IFrameSource OpenFrames(string source, int start)
    {
        if (Directory.Exists(source)) return FrameSource.Open(source, new FrameSourceOptions { StartFrame = start });
        return new ReferenceVideoFrames(source, start);
    }

    private sealed class ReferenceVideoFrames : IFrameSource
    {
        private const string Dump = """
            import sys, cv2
            cap = cv2.VideoCapture(sys.argv[1]); start = int(sys.argv[3]); i = 0; size = (0, 0)
            with open(sys.argv[2], "wb") as out:
                while True:
                    ok, f = cap.read()
                    if not ok: break
                    if i >= start: out.write(f.tobytes())
                    size = (f.shape[1], f.shape[0]); i += 1
            print(size[0], size[1])
            """;

        private readonly Imaging.TempDirectory _temp = new();
        private readonly FileStream _raw;
        private long _next;

        public ReferenceVideoFrames(string path, int start)
        {
            Path = path;
            string raw = _temp.File("frames.bgr");
            var size = Imaging.OpenCvReference.Python(Dump, [path, raw, start.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(5)).Trim().Split(' ');
            (Width, Height) = (int.Parse(size[0]), int.Parse(size[1]));
            _raw = File.OpenRead(raw);
            _next = start;
        }

        public string Path { get; }
        public int Width { get; }
        public int Height { get; }
        public long? FrameCount => null;
        public double? FramesPerSecond => null;

        public Frame? ReadNext()
        {
            if (_raw.Position >= _raw.Length) return null;
            var frame = Frame.Allocate(Width, Height, _next++, TimeSpan.Zero);
            _raw.ReadExactly(frame.Pixels);
            return frame;
        }

        public void Dispose()
        {
            _raw.Dispose();
            _temp.Dispose();
        }
    }

    private static void Mirror(Frame frame)
    {
        var px = frame.Pixels;
        for (int y = 0; y < frame.Height; y++)
        {
            var row = px.Slice(y * frame.Stride, frame.Width * 3);
            for (int l = 0, r = frame.Width - 1; l < r; l++, r--)
                for (int k = 0; k < 3; k++)
                    (row[l * 3 + k], row[r * 3 + k]) = (row[r * 3 + k], row[l * 3 + k]);
        }
    }

    private static List<Case> ReadCases()
    {
        string table = Path.Combine(SharedData.RepoRoot, "tools", "reference", "extra_sequences.tsv");
        return File.ReadLines(table)
            .Where(l => l.Trim().Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(p => new Case(p[0], p[1], int.Parse(p[3]), int.Parse(p[4]), p[5] == "1"))
            .ToList();
    }

    /// <summary>Runs the Python reference once for all cases (about 20 s; 1 torch thread, since the thread count changes float rounding).</summary>
    public sealed class References
    {
        private readonly Lazy<string> _dir = new(Generate);

        public string Directory() => _dir.Value;

        /// <summary>The frames (0-based, as in the box file) that the reference's manifest flags as near-ties for a case.</summary>
        public HashSet<int> NearTieFrames(string caseName)
        {
            using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory(), "manifest.json")));
            var entry = manifest.RootElement.GetProperty("outputs").EnumerateArray().Single(o =>
                o.GetProperty("case").GetString() == caseName && o.GetProperty("version").GetString() == "v2"
                && o.GetProperty("backend").GetString() == "pth");
            return entry.GetProperty("near_tie_frames").EnumerateArray().Select(f => f.GetInt32()).ToHashSet();
        }

        private static string Generate()
        {
            string python = SharedData.RequirePython("numpy", "cv2", "torch");
            SharedData.Require("models/third_party/nanotrack-v2/nanotrack.pth");
            string outDir = System.IO.Directory.CreateTempSubdirectory("extra-references").FullName;
            string script = Path.Combine(SharedData.RepoRoot, "tools", "reference", "make_extra_references.py");
            var (code, _, err) = ProcessRunner.Run(python,
                [script, outDir, "--versions", "v2", "--backends", "pth", "--threads", "1", "--shared", SharedData.SharedRoot!],
                TimeSpan.FromMinutes(10));
            if (code != 0) throw new InvalidOperationException("reference generation failed: " + err);
            return outDir;
        }
    }
}
