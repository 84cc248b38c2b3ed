using System.CommandLine;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Inference;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>Options shared by several commands, declared through <see cref="OptionFactory"/> so bad values are usage errors.</summary>
internal static class CommonOptions
{
    /// <summary>
    /// Upper bound of every thread or worker count (ONNX Runtime intra-op threads, eval workers, batch inference workers
    /// and decoders): 4 per processor. More threads than cores only slow inference down (ONNX Runtime's threads spin
    /// while waiting: 1000 threads on 2 cores did not finish 5 frames in 2 minutes); the bound keeps a typo from
    /// hanging the process while leaving room for hyper-threading and I/O waits.
    /// </summary>
    public static int MaxThreads => 4 * Environment.ProcessorCount;

    /// <summary>The model pack option; without it the pack shipped beside the executable is used.</summary>
    public static Option<string> Model()
    {
        var option = OptionFactory.Path("--model",
            $"Model pack folder (holding model.json); default: the bundled project model ({BundledModel.RelativePath})", false, "-m");
        option.DefaultValueFactory = _ => BundledModel.Folder;
        return option;
    }

    public static Option<string> Input() => OptionFactory.Path("--input", "Video file or folder of images; for track also a camera index (0) or a stream URL (rtsp://, http://, udp://)", true, "-i");

    public static Option<BoundingBox> Box() => new("--box", "-b")
    {
        Description = "Initial target box x,y,w,h in pixels of the first frame",
        Required = true,
        CustomParser = r =>
        {
            var text = string.Join(',', r.Tokens.Select(t => t.Value));
            try
            {
                var box = BoundingBox.Parse(text);
                if (box.Problem() is { } problem) r.AddError($"--box: {problem}");
                return box;
            }
            catch (FormatException ex)
            {
                r.AddError($"--box: {ex.Message}");
                return default;
            }
        },
    };

    public static Option<ExecutionDevice> Device() => new("--device")
    {
        Description = "cpu, cuda or cuda:N (CUDA falls back to CPU with a warning unless --no-cpu-fallback)",
        DefaultValueFactory = _ => ExecutionDevice.Cpu,
        CustomParser = r =>
        {
            try
            {
                return ExecutionDevice.Parse(string.Join(' ', r.Tokens.Select(t => t.Value)));
            }
            catch (FormatException ex)
            {
                r.AddError($"--device: {ex.Message}");
                return ExecutionDevice.Cpu;
            }
        },
    };

    /// <summary>With a CUDA device: fail instead of running on the CPU when CUDA cannot be used.</summary>
    public static Option<bool> NoCpuFallback() => OptionFactory.Flag("--no-cpu-fallback",
        "With --device cuda[:N]: fail (exit 1) when CUDA cannot be used instead of running on the CPU with a warning");

    public static Option<int> Threads() => OptionFactory.Int("--threads",
        $"ONNX Runtime intra-op threads, 0..{MaxThreads} (4 per processor; 0 = ONNX Runtime default)", 1, 0, MaxThreads);

    public static Option<int> StartFrame() => OptionFactory.Int("--start-frame",
        "Index of the frame the box refers to (earlier frames are skipped)", 0, 0, int.MaxValue);

    public static Option<int?> MaxFrames() => OptionFactory.OptionalInt("--max-frames",
        "Stop after this many frames (including the first)", 1, int.MaxValue);
}
