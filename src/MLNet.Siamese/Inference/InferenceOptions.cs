using Microsoft.Extensions.Logging;

namespace MLNet.Siamese.Inference;

/// <summary>How ONNX Runtime sessions are created for a model pack.</summary>
public sealed record InferenceOptions
{
    /// <summary>Requested device; see <see cref="FallbackToCpu"/> for what happens when CUDA cannot be used.</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Cpu;

    /// <summary>
    /// When <see cref="Device"/> is CUDA and it cannot be used (the CPU-only ONNX Runtime package, no CUDA libraries,
    /// no such device): true (default) runs on the CPU with one warning, false makes loading the model fail.
    /// </summary>
    public bool FallbackToCpu { get; init; } = true;

    /// <summary>
    /// Threads ONNX Runtime uses inside one operator. Default 1: Siamese trackers run small convolutions per frame,
    /// and parallelism across videos (batch jobs) pays better than inside one call. 0 lets ONNX Runtime decide.
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Receives warnings such as a CUDA fallback; null discards them.</summary>
    public ILogger? Logger { get; init; }
}
