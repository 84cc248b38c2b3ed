namespace MLNet.Siamese.Inference;

/// <summary>How ONNX Runtime sessions are created for a model pack.</summary>
public sealed record InferenceOptions
{
    /// <summary>Requested device; CUDA falls back to the CPU (with a warning) on any failure.</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Cpu;

    /// <summary>
    /// Threads ONNX Runtime uses inside one operator. Default 1: Siamese trackers run small convolutions per frame,
    /// and parallelism across videos (batch jobs) pays better than inside one call. 0 lets ONNX Runtime decide.
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Receives warnings such as a CUDA fallback; null writes them to standard error.</summary>
    public Action<string>? Warning { get; init; }
}
