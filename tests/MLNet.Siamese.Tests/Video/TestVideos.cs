using MLNet.Siamese.Tests.Imaging;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Tests.Video;

/// <summary>
/// Small videos generated with the ffmpeg program into a temp folder, and local streams served by it (skips the test
/// when ffmpeg is absent: the library itself decodes with OpenCV and no longer needs it).
/// </summary>
internal static class TestVideos
{
    public static string RequireFfmpeg()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "ffmpeg")).FirstOrDefault(File.Exists);
        Skip.If(found is null, "ffmpeg is not on PATH (it makes the test videos and serves the test streams; run scripts/setup.sh): test skipped");
        return found!;
    }

    public static void Ffmpeg(params string[] args)
    {
        var (code, _, stderr) = ProcessRunner.Run(RequireFfmpeg(), ["-nostdin", "-v", "error", "-y", .. args], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"ffmpeg {string.Join(' ', args)} failed: {stderr}");
    }

    /// <summary>30 frames, 64x48: frames 0-9 every 100 ms, then every 1/30 s from 1 s on (time scale 1/90000).</summary>
    public static string VariableFrameRate(TempDirectory temp)
    {
        var path = temp.File("vfr.mp4");
        Ffmpeg("-f", "lavfi", "-i", "testsrc2=s=64x48:r=30:d=1",
            "-vf", "setpts='if(lt(N,10),N*0.1,1+(N-10)/30)/TB'", "-fps_mode", "passthrough",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-video_track_timescale", "90000", path);
        return path;
    }

    /// <summary>Expected time of frame <paramref name="n"/> of <see cref="VariableFrameRate"/>.</summary>
    public static TimeSpan VariableFrameRateTime(int n)
    {
        long pts = n < 10 ? n * 9000L : 90000L + (n - 10) * 3000L;
        return TimeSpan.FromTicks((long)Math.Round(pts * 1e7 / 90000));
    }

    /// <summary>
    /// Two H.264 clips of 10 frames at 10 frames/s (testsrc2: each frame shows its own time), the first at
    /// <paramref name="first"/>, the second at <paramref name="second"/>, joined without re-encoding into one stream whose
    /// coded size changes at frame 10 (MPEG-TS or Matroska after <paramref name="extension"/>).
    /// </summary>
    public static string SizeChange(TempDirectory temp, string first, string second, string extension = "ts")
    {
        Ffmpeg("-f", "lavfi", "-i", $"testsrc2=s={first}:r=10:d=1", "-c:v", "libx264", "-pix_fmt", "yuv420p", temp.File("a.ts"));
        Ffmpeg("-f", "lavfi", "-i", $"testsrc2=s={second}:r=10:d=1", "-c:v", "libx264", "-pix_fmt", "yuv420p", temp.File("b.ts"));
        File.WriteAllText(temp.File("list.txt"), "file 'a.ts'\nfile 'b.ts'\n");
        var joined = temp.File("joined." + extension);
        Ffmpeg("-f", "concat", "-safe", "0", "-i", temp.File("list.txt"), "-c", "copy", joined);
        return joined;
    }

    /// <summary>A 64x32 video, black with a white 16x8 block at the top-left, stored with 90° rotation metadata.</summary>
    public static (string Plain, string Rotated) Rotated(TempDirectory temp)
    {
        var plain = temp.File("plain.mp4");
        var rotated = temp.File("rotated.mp4");
        Ffmpeg("-f", "lavfi", "-i", "color=black:s=64x32:r=10:d=0.5,drawbox=x=0:y=0:w=16:h=8:color=white:t=fill",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", plain);
        Ffmpeg("-i", plain, "-c", "copy", "-metadata:s:v:0", "rotate=90", rotated);
        return (plain, rotated);
    }
}
