using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace MLNet.Siamese.Inference;

/// <summary>
/// Creates ONNX Runtime sessions on the requested device. CUDA goes through the CUDA execution provider of the official
/// GPU package (<c>Microsoft.ML.OnnxRuntime.Gpu</c>); when it cannot be used — the CPU package has no such provider, or
/// the provider library cannot load (no CUDA/cuDNN on the machine), or the device does not exist — the session is
/// created on the CPU with one warning, unless <see cref="InferenceOptions.FallbackToCpu"/> is false: then it throws.
/// </summary>
internal static class OnnxSessionFactory
{
    private static readonly object EnvLock = new();

    /// <summary>Opens a session over <paramref name="model"/>; returns it with the device actually used.</summary>
    /// <exception cref="OnnxRuntimeException">The model cannot be loaded even on the CPU.</exception>
    /// <exception cref="InvalidOperationException">CUDA was requested, cannot be used and fallback is off.</exception>
    public static (InferenceSession Session, ExecutionDevice Device) Create(byte[] model, InferenceOptions options, string modelName)
    {
        EnsureQuietEnvironment();
        if (options.Device.IsCuda)
        {
            try
            {
                using var cudaOptions = CreateOptions(options);
                cudaOptions.AppendExecutionProvider_CUDA(options.Device.DeviceId);
                return (new InferenceSession(model, cudaOptions), options.Device);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException
                                           or InvalidOperationException or ArgumentException)
            {
                string reason = $"CUDA device {options.Device.DeviceId} unavailable for {modelName} ({FirstLine(ex.Message)})";
                if (!options.FallbackToCpu)
                    throw new InvalidOperationException($"{reason}, and CPU fallback is off", ex);
                Warn(options, $"{reason}; falling back to CPU.");
            }
        }
        using var cpuOptions = CreateOptions(options);
        return (new InferenceSession(model, cpuOptions), ExecutionDevice.Cpu);
    }

    /// <summary>
    /// ONNX Runtime's default logger writes provider failures (a CUDA library that fails to load) to standard error
    /// before the exception that the caller handles; when this library is the first to use ONNX Runtime in the
    /// process, the environment is created at fatal level so that those lines stay out of the user's output. An
    /// application that created the environment itself keeps its own settings.
    /// </summary>
    /// <exception cref="NativeDependencyException">The application carries no native ONNX Runtime package.</exception>
    private static void EnsureQuietEnvironment()
    {
        try
        {
            CreateQuietEnvironment();
        }
        catch (Exception ex) when (ex is TypeInitializationException { InnerException: DllNotFoundException } or DllNotFoundException)
        {
            // The library references only Microsoft.ML.OnnxRuntime.Managed; the application adds the native runtime.
            throw new NativeDependencyException("ONNX Runtime's native library (onnxruntime)",
                "add the package Microsoft.ML.OnnxRuntime (CPU) or Microsoft.ML.OnnxRuntime.Gpu (CUDA) to the application project", ex);
        }
    }

    private static void CreateQuietEnvironment()
    {
        if (OrtEnv.IsCreated) return;
        lock (EnvLock)
        {
            if (OrtEnv.IsCreated) return;
            var environment = new EnvironmentCreationOptions
            {
                logId = "MLNet.Siamese",
                logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
            };
            OrtEnv.CreateInstanceWithOptions(ref environment);
        }
    }

    private static SessionOptions CreateOptions(InferenceOptions options)
    {
        var so = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
        };
        if (options.IntraOpThreads > 0) so.IntraOpNumThreads = options.IntraOpThreads;
        so.InterOpNumThreads = 1;
        return so;
    }

    private static void Warn(InferenceOptions options, string message) => options.Logger?.LogWarning("{Message}", message);

    private static string FirstLine(string text)
    {
        int nl = text.IndexOf('\n');
        return nl < 0 ? text : text[..nl];
    }
}
