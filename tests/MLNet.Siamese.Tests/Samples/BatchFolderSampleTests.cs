using System.Globalization;

namespace MLNet.Siamese.Tests.Samples;

/// <summary>Runs samples/BatchFolder (built with the solution) over ../shared/data/videos with its boxes.csv.</summary>
public class BatchFolderSampleTests
{
    [SkippableFact]
    public void Tracks_the_bag_video_into_a_track_table()
    {
        string videos = SharedData.Require("data/videos");
        SharedData.Require("data/videos/bag.avi");
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string dll = SampleBuild.Dll("BatchFolder");
        string outDir = Path.Combine(Path.GetTempPath(), "mlnet-siamese-tests", $"batchfolder-{Guid.NewGuid():N}");

        var (code, stdout, stderr) = ProcessRunner.Run("dotnet",
            [dll, pack, videos, Path.Combine(SharedData.RepoRoot, "samples", "BatchFolder", "boxes.csv"), outDir, "30"], TimeSpan.FromMinutes(3));

        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains("bag\tCompleted\t30 frames", stdout);
        var lines = File.ReadAllLines(Path.Combine(outDir, "bag.csv"));
        Assert.Equal("source,target,frame,timestamp_ms,x,y,w,h,score,status", lines[0]);
        Assert.Equal(31, lines.Length);
        Assert.StartsWith("bag,0,0,0,315,140,112,112,1,init", lines[1]);
        var last = lines[^1].Split(',');
        Assert.Equal("29", last[2]);
        Assert.Equal("tracked", last[9]);
        Assert.InRange(double.Parse(last[8], CultureInfo.InvariantCulture), 0, 1);
        Directory.Delete(outDir, recursive: true);
    }
}
