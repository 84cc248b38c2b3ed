using System.Globalization;

namespace MLNet.Siamese.Inference;

/// <summary>Where ONNX models run: the CPU, or a CUDA GPU (with automatic fallback to the CPU).</summary>
public readonly record struct ExecutionDevice
{
    private ExecutionDevice(bool isCuda, int deviceId)
    {
        IsCuda = isCuda;
        DeviceId = deviceId;
    }

    /// <summary>The CPU execution provider.</summary>
    public static ExecutionDevice Cpu => new(false, 0);

    /// <summary>CUDA GPU number <paramref name="deviceId"/>.</summary>
    public static ExecutionDevice Cuda(int deviceId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        return new ExecutionDevice(true, deviceId);
    }

    /// <summary>True for a CUDA device.</summary>
    public bool IsCuda { get; }

    /// <summary>The CUDA device ordinal (0 for the CPU).</summary>
    public int DeviceId { get; }

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (case-insensitive).</summary>
    /// <exception cref="FormatException">Anything else.</exception>
    public static ExecutionDevice Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "cpu") return Cpu;
        if (t == "cuda" || t == "gpu") return Cuda();
        if ((t.StartsWith("cuda:", StringComparison.Ordinal) || t.StartsWith("gpu:", StringComparison.Ordinal))
            && int.TryParse(t[(t.IndexOf(':') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            return Cuda(id);
        throw new FormatException($"unknown device '{text}': expected cpu, cuda or cuda:N");
    }

    /// <inheritdoc />
    public override string ToString() => IsCuda ? $"cuda:{DeviceId}" : "cpu";
}
