namespace MLNet.Siamese.Tests.Cli;

public class DeviceFallbackTests
{
    /// <summary>The tests run on the CPU-only ONNX Runtime package: asking for CUDA must warn once and still track on the CPU.</summary>
    [SkippableFact]
    public void Cuda_request_falls_back_to_cpu_with_a_warning()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        var (code, stdout, err) = CliHarness.Run("track", "-m", pack, "-i", SharedData.Require("data/sequences/Human3/img"),
            "--box", "264,311,37,69", "--max-frames", "3", "--device", "cuda:0");
        Assert.True(code == 0, err);
        Assert.Single(err.Split('\n'), l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.Contains("falling back to CPU", err);
        Assert.Contains("on cpu", err);
        Assert.Equal(4, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    /// <summary>
    /// <c>--no-cpu-fallback</c>: the unusable CUDA device is one error line naming the device and the reason, exit 1, no
    /// stack trace and no output file (the model is loaded before the input is opened, so no sequence is needed).
    /// </summary>
    [SkippableFact]
    public void No_cpu_fallback_makes_an_unusable_cuda_device_an_error_in_track()
    {
        string dir = CliHarness.TempDir("cli-no-fallback");
        string output = Path.Combine(dir, "boxes.csv");
        var (code, _, err) = CliHarness.Run("track", "-i", Path.Combine(dir, "frames"), "--box", "1,2,3,4",
            "--device", "cuda:0", "--no-cpu-fallback", "-o", output);
        Skip.If(code == 0, "CUDA is usable here (GPU ONNX Runtime package on a CUDA machine): nothing to fall back from.");
        AssertOneDeviceError(code, err, "cuda:0");
        Assert.False(File.Exists(output));
    }

    [SkippableFact]
    public void No_cpu_fallback_makes_an_unusable_cuda_device_an_error_in_batch()
    {
        string dir = CliHarness.TempDir("cli-no-fallback-batch");
        string jobs = Path.Combine(dir, "jobs.csv");
        File.WriteAllText(jobs, "video,target,start_frame,x,y,w,h\n" + Path.Combine(dir, "video.mp4") + ",t,0,1,2,3,4\n");
        var (code, _, err) = CliHarness.Run("batch", "--jobs", jobs, "-o", Path.Combine(dir, "out"), "--device", "cuda:1",
            "--no-cpu-fallback", "-q");
        Skip.If(code == 0, "CUDA is usable here (GPU ONNX Runtime package on a CUDA machine): nothing to fall back from.");
        AssertOneDeviceError(code, err, "cuda:1");
    }

    [Fact]
    public void Unknown_device_is_a_usage_error()
    {
        var (code, _, err) = CliHarness.Run("track", "-m", "x", "-i", "y", "--box", "1,2,3,4", "--device", "tpu");
        Assert.Equal(2, code);
        Assert.Contains("unknown device", err);
    }

    private static void AssertOneDeviceError(int code, string err, string device)
    {
        Assert.True(code == 1, err);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, err);
        Assert.StartsWith($"error: --device {device}: CUDA device {device[^1]} unavailable", lines[0]);
        Assert.Contains("CPU fallback is off", lines[0]);
        Assert.DoesNotContain(" at ", err);
    }
}
