using MLNet.Siamese.Inference;

namespace MLNet.Siamese.Evaluation.Running;

/// <summary>How <see cref="EvaluationRunner"/> runs trackers.</summary>
public sealed record EvaluationRunOptions
{
    /// <summary>One-pass (OTB, GOT-10k) or reset-based (VOT) runs; also decides the result layout.</summary>
    public EvaluationProtocol Protocol { get; init; } = EvaluationProtocol.Otb;

    /// <summary>How the ground truth becomes the initial box (default pysot's, which the NanoTrack reference results use).</summary>
    public InitConvention Init { get; init; } = InitConvention.Pysot;

    /// <summary>Sequences run at the same time (default: the number of cores).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Skip (tracker, sequence) pairs whose result file already exists.</summary>
    public bool Resume { get; init; }

    /// <summary>Device and threads of the ONNX sessions (shared by all workers of a model).</summary>
    public InferenceOptions Inference { get; init; } = new();
}
