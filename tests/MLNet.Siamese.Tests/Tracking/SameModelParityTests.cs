using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Evaluation.Running;
using Xunit.Abstractions;

namespace MLNet.Siamese.Tests.Tracking;

/// <summary>
/// The shared reference tracks were produced by the original tracker with the PyTorch <c>.pth</c> weights, whose
/// float rounding differs from the public ONNX files (BatchNorm folded) by ~1e-5. On Bolt that difference alone
/// flips a near-tie after ~290 frames. Here the C# tracker is compared with the project's Python reference tracker
/// (tools/reference/nanotrack_tracker.py, original semantics) running the SAME public ONNX files: the tracks must
/// agree (Bolt: mean IoU 0.99998 over 350 frames), showing that the C# tracker itself adds no divergence.
/// </summary>
public class SameModelParityTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("Bolt")]
    [InlineData("boat1")]
    public void Csharp_and_python_trackers_agree_on_the_same_onnx_model(string sequence)
    {
        string python = SharedData.RequirePython("numpy", "cv2", "torch", "onnx");
        string frames = SharedData.Require($"data/sequences/{sequence}/img");
        string initFile = SharedData.Require($"docs/reference/nanotrack-v2/{sequence}.txt");
        string modelDir = SharedData.Require("models/third_party/nanotrack-v2");
        string outFile = Path.Combine(Directory.CreateTempSubdirectory("same-model").FullName, sequence + ".txt");
        var (code, _, err) = ProcessRunner.Run(python,
            [Path.Combine(SharedData.RepoRoot, "tools", "reference", "nanotrack_tracker.py"), "--version", "v2", "--backend", "onnx",
             "--model-dir", modelDir, "--frames", frames, "--init-file", initFile, "--out", outFile, "--threads", "1"],
            TimeSpan.FromMinutes(10));
        Assert.True(code == 0, err);
        var python_ = BoxFile.Read(outFile);
        var ours = NanoTrackParityTests.Track(NanoTrackPacks.Get("nanotrack-v2"), frames, python_[0], InitConvention.Pysot);

        Assert.Equal(python_.Count, ours.Count);
        var ious = OtbMetrics.Ious(ours.Skip(1).ToList(), python_.Skip(1).ToList());
        output.WriteLine($"{sequence}: C# vs Python reference on the same ONNX model: mean IoU {ious.Average():0.000000}, min {ious.Min():0.000000}");
        // ONNX Runtime's kernels still round differently from torch's (boat1 drifts by ~0.3 px late on), so the
        // bound is the acceptance figure, not bit-equality.
        Assert.True(ious.Average() >= 0.99, $"mean IoU {ious.Average():0.0000}");
    }
}
