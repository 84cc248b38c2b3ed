using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Evaluation.Running;
using MLNet.Siamese.Inference;

namespace MLNet.Siamese.Cli.Evaluation;

/// <summary>The parsed <c>siamese eval</c> command line.</summary>
internal sealed record EvalRequest(
    IReadOnlyList<string> Models,
    string? Results,
    string Dataset,
    EvaluationProtocol Protocol,
    string Out,
    IReadOnlyList<string> Sequences,
    int Parallelism,
    bool Resume,
    InitConvention Init,
    InvalidFrameRule InvalidFrames,
    (int Low, int High) EaoRange,
    ExecutionDevice Device,
    bool NoCpuFallback,
    int Threads,
    bool Quiet);
