using Microsoft.Extensions.Logging;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Models;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.Mapping;

/// <summary>
/// How a <see cref="VideoTrackingMapper"/> tracks: the model pack, the device (in the style of ML.NET's ApplyOnnxModel:
/// GPU device id, CPU fallback, threads) and optional overrides of the pack's tracker hyperparameters.
/// </summary>
public sealed record VideoTrackingOptions
{
    /// <summary>Folder of the model pack (<c>model.json</c> and its ONNX files).</summary>
    public required string ModelPack { get; init; }

    /// <summary>CUDA device to run on; null (default) runs on the CPU.</summary>
    public int? GpuDeviceId { get; init; }

    /// <summary>
    /// When <see cref="GpuDeviceId"/> is set and CUDA cannot be used: true (default) runs on the CPU with a warning,
    /// false makes loading the model fail.
    /// </summary>
    public bool FallbackToCpu { get; init; } = true;

    /// <summary>ONNX Runtime intra-op threads per model call (see <see cref="InferenceOptions.IntraOpThreads"/>); default 1.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Cosine-window weight override (pack <c>windowInfluence</c>); null keeps the pack's.</summary>
    public double? WindowInfluence { get; init; }

    /// <summary>Scale/ratio penalty override (pack <c>penaltyK</c>); null keeps the pack's.</summary>
    public double? PenaltyK { get; init; }

    /// <summary>Size smoothing rate override (pack <c>lr</c>); null keeps the pack's.</summary>
    public double? LearningRate { get; init; }

    /// <summary>pysot long-term mode for packs that declare it (see <see cref="TrackerOptions.LongTerm"/>); null follows the pack.</summary>
    public bool? LongTerm { get; init; }

    /// <summary>Most frames tracked per video, the initialisation frame included; null tracks to the end.</summary>
    public long? MaxFrames { get; init; }

    /// <summary>Receives warnings such as a CUDA fallback; null discards them.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>The inference options these settings stand for (device, fallback, threads, warnings).</summary>
    public InferenceOptions ToInferenceOptions() => new()
    {
        Device = GpuDeviceId is { } id ? ExecutionDevice.Cuda(id) : ExecutionDevice.Cpu,
        FallbackToCpu = FallbackToCpu,
        IntraOpThreads = Threads,
        Logger = Logger,
    };

    /// <summary>The tracker options for <paramref name="pack"/>: its hyperparameters with these overrides, and the long-term mode.</summary>
    public TrackerOptions ToTrackerOptions(ModelPack pack)
    {
        TrackingHyperparameters? hp = null;
        if (WindowInfluence is not null || PenaltyK is not null || LearningRate is not null)
        {
            var p = pack.Hyperparameters;
            hp = new TrackingHyperparameters(WindowInfluence ?? p.WindowInfluence, PenaltyK ?? p.PenaltyK, LearningRate ?? p.LearningRate);
        }
        return new TrackerOptions { Hyperparameters = hp, LongTerm = LongTerm };
    }

    /// <summary>Checks every option; the exception names the option.</summary>
    /// <exception cref="ArgumentException">An option is empty or out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPack)) throw new ArgumentException("the model pack path is empty", nameof(ModelPack));
        if (GpuDeviceId is < 0) throw new ArgumentOutOfRangeException(nameof(GpuDeviceId), GpuDeviceId, "must be >= 0");
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "must be >= 0 (0: ONNX Runtime decides)");
        if (MaxFrames is < 1) throw new ArgumentOutOfRangeException(nameof(MaxFrames), MaxFrames, "must be >= 1");
        CheckUnit(WindowInfluence, nameof(WindowInfluence));
        CheckUnit(LearningRate, nameof(LearningRate));
        if (PenaltyK is { } k && !(k >= 0 && double.IsFinite(k)))
            throw new ArgumentOutOfRangeException(nameof(PenaltyK), k, "must be a finite number >= 0");
    }

    private static void CheckUnit(double? value, string name)
    {
        if (value is { } v && !(v >= 0 && v <= 1))
            throw new ArgumentOutOfRangeException(name, v, "must be in [0, 1]");
    }
}
