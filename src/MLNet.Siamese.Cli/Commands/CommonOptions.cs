using System.CommandLine;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Inference;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>Options shared by several commands, with parsing that reports bad values as usage errors.</summary>
internal static class CommonOptions
{
    /// <summary>The model pack option; without it the pack shipped beside the executable is used.</summary>
    public static Option<string> Model() => new("--model", "-m")
    {
        Description = $"Model pack folder (holding model.json); default: the bundled project model ({BundledModel.RelativePath})",
        DefaultValueFactory = _ => BundledModel.Folder,
    };

    public static Option<string> Input() => new("--input", "-i") { Description = "Video file or folder of images", Required = true };

    public static Option<BoundingBox> Box() => new("--box", "-b")
    {
        Description = "Initial target box x,y,w,h in pixels of the first frame",
        Required = true,
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Join(',', r.Tokens.Select(t => t.Value));
            try
            {
                return BoundingBox.Parse(text);
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
                return ExecutionDevice.Parse(r.Tokens.Single().Value);
            }
            catch (FormatException ex)
            {
                r.AddError($"--device: {ex.Message}");
                return ExecutionDevice.Cpu;
            }
        },
    };

    /// <summary>With a CUDA device: fail instead of running on the CPU when CUDA cannot be used.</summary>
    public static Option<bool> NoCpuFallback() => new("--no-cpu-fallback")
    {
        Description = "With --device cuda[:N]: fail (exit 1) when CUDA cannot be used instead of running on the CPU with a warning",
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = "ONNX Runtime intra-op threads (0 = ONNX Runtime default)",
        DefaultValueFactory = _ => 1,
        Validators = { r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--threads must be >= 0"); } },
    };

    public static Option<int> StartFrame() => new("--start-frame")
    {
        Description = "Index of the frame the box refers to (earlier frames are skipped)",
        DefaultValueFactory = _ => 0,
        Validators = { r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--start-frame must be >= 0"); } },
    };

    public static Option<int?> MaxFrames() => new("--max-frames")
    {
        Description = "Stop after this many frames (including the first)",
        Validators = { r => { if (r.GetValueOrDefault<int?>() is <= 0) r.AddError("--max-frames must be > 0"); } },
    };
}
