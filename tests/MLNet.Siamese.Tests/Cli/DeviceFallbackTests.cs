namespace MLNet.Siamese.Tests.Cli;

public class DeviceFallbackTests
{
    /// <summary>The npm-built ONNX Runtime is CPU-only: asking for CUDA must warn and still track on the CPU.</summary>
    [SkippableFact]
    public void Cuda_request_falls_back_to_cpu_with_a_warning()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        var (code, stdout, err) = CliHarness.Run("track", "-m", pack, "-i", SharedData.Require("data/sequences/wakeboard7/img"),
            "--box", "623.5,299.5,11,38", "--max-frames", "3", "--device", "cuda:0");
        Assert.True(code == 0, err);
        Assert.Contains("falling back to CPU", err);
        Assert.Contains("on cpu", err);
        Assert.Equal(4, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Unknown_device_is_a_usage_error()
    {
        var (code, _, err) = CliHarness.Run("track", "-m", "x", "-i", "y", "--box", "1,2,3,4", "--device", "tpu");
        Assert.Equal(2, code);
        Assert.Contains("unknown device", err);
    }
}
