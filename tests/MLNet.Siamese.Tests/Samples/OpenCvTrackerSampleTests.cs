using System.Globalization;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Tests.Samples;

/// <summary>
/// Runs samples/OpenCvTracker (OpenCvSharp's VideoCapture, tracker.Init(mat, rect) / tracker.Update(mat, out rect)) on
/// bag.avi and checks its boxes are those of the library's own path (OpenCvVideoSource + Frame) on the same pixels.
/// </summary>
public class OpenCvTrackerSampleTests
{
    [SkippableFact]
    public void Mat_idiom_gives_the_boxes_of_the_frame_path()
    {
        string bag = SharedData.Require("data/videos/bag.avi");
        string pack = Path.Combine(SharedData.RepoRoot, "models", "default");
        string dll = SampleBuild.Dll("OpenCvTracker");
        string video = Path.Combine(Path.GetTempPath(), $"opencv-tracker-{Guid.NewGuid():N}.mp4");

        var (code, stdout, stderr) = ProcessRunner.Run("dotnet", [dll, pack, bag, "315,140,112,112", video], TimeSpan.FromMinutes(3));
        Assert.True(code == 0, $"exit {code}: {stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(196, lines.Length);

        using var tracker = SiameseTracker.Create(pack);
        using var source = new OpenCvVideoSource(bag);
        int n = 0;
        foreach (var (frame, record) in SourceTracking.Run(tracker, source, new BoundingBox(315, 140, 112, 112), "0"))
        {
            var fields = lines[n].Split('\t');
            Assert.Equal(frame.Index.ToString(CultureInfo.InvariantCulture), fields[0]);
            var b = fields[1].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(record.Box, new BoundingBox(b[0], b[1], b[2], b[3]));
            n++;
        }
        Assert.Equal(196, n);
        using (var written = new OpenCvVideoSource(video))
        {
            Assert.Equal((480, 360), (written.Width, written.Height));
            Assert.Equal(195, written.FrameCount); // the annotated frames after the first
        }
        File.Delete(video);

        (code, _, stderr) = ProcessRunner.Run("dotnet", [dll, pack, Path.Combine(Path.GetTempPath(), "missing.avi"), "1,1,5,5"], TimeSpan.FromMinutes(1));
        Assert.Equal(1, code);
        Assert.Contains("missing.avi: OpenCV cannot open it", stderr);
    }
}
