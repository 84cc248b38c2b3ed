using Microsoft.ML.OnnxRuntime;

namespace MLNet.Siamese.Inference;

/// <summary>
/// Creates ONNX Runtime sessions on the requested device. CUDA is attempted through the classic provider
/// (official GPU package) and then through a registered plugin execution provider library (environment variable
/// <c>MLNET_SIAMESE_CUDA_EP_LIBRARY</c>); any failure — including at session creation — falls back to the CPU with a warning.
/// </summary>
internal static class OnnxSessionFactory
{
    private const string PluginLibraryVariable = "MLNET_SIAMESE_CUDA_EP_LIBRARY";
    private static readonly object PluginLock = new();
    private static bool _pluginRegistered;

    /// <summary>Opens a session over <paramref name="model"/>; returns it with the device actually used.</summary>
    /// <exception cref="OnnxRuntimeException">The model cannot be loaded even on the CPU.</exception>
    public static (InferenceSession Session, ExecutionDevice Device) Create(byte[] model, InferenceOptions options, string modelName)
    {
        if (options.Device.IsCuda)
        {
            try
            {
                using var cudaOptions = CreateOptions(options);
                AppendCuda(cudaOptions, options.Device.DeviceId);
                return (new InferenceSession(model, cudaOptions), options.Device);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException
                                           or InvalidOperationException or ArgumentException)
            {
                Warn(options, $"CUDA device {options.Device.DeviceId} unavailable for {modelName} ({FirstLine(ex.Message)}); falling back to CPU.");
            }
        }
        using var cpuOptions = CreateOptions(options);
        return (new InferenceSession(model, cpuOptions), ExecutionDevice.Cpu);
    }

    private static SessionOptions CreateOptions(InferenceOptions options)
    {
        var so = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (options.IntraOpThreads > 0) so.IntraOpNumThreads = options.IntraOpThreads;
        so.InterOpNumThreads = 1;
        return so;
    }

    private static void AppendCuda(SessionOptions so, int deviceId)
    {
        try
        {
            so.AppendExecutionProvider_CUDA(deviceId);
            return;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or OnnxRuntimeException)
        {
            // The npm-built native library is CPU-only; try the plugin route before giving up.
            var env = OrtEnv.Instance();
            RegisterPluginOnce(env);
            var devices = env.GetEpDevices()
                .Where(d => d.EpName.Contains("CUDA", StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (devices.Count == 0)
                throw new InvalidOperationException(
                    $"this ONNX Runtime build has no CUDA provider ({FirstLine(ex.Message)}); set {PluginLibraryVariable} to a CUDA execution provider library or build with -p:UseOfficialOnnxRuntime=true");
            var chosen = devices.Count > deviceId ? devices[deviceId] : throw new InvalidOperationException($"no CUDA device {deviceId} (found {devices.Count})");
            so.AppendExecutionProvider(env, [chosen], new Dictionary<string, string>());
        }
    }

    private static void RegisterPluginOnce(OrtEnv env)
    {
        var path = Environment.GetEnvironmentVariable(PluginLibraryVariable);
        if (string.IsNullOrEmpty(path)) return;
        lock (PluginLock)
        {
            if (_pluginRegistered) return;
            env.RegisterExecutionProviderLibrary("mlnet-siamese-cuda", path);
            _pluginRegistered = true;
        }
    }

    private static void Warn(InferenceOptions options, string message)
    {
        if (options.Warning is { } sink) sink(message);
        else Console.Error.WriteLine("warning: " + message);
    }

    private static string FirstLine(string text)
    {
        int nl = text.IndexOf('\n');
        return nl < 0 ? text : text[..nl];
    }
}
