using System.Collections.Concurrent;
using MLNet.Siamese.Mapping;

namespace MLNet.Siamese.ML;

/// <summary>
/// The tracking options behind each CustomMapping contract name, for this process. A saved ML.NET model stores only the
/// contract name of a custom mapping (custom transformers cannot write their own data: ML.NET's save context is
/// internal), so what the mapping needs — the model pack path, the device — is registered by the application: by
/// <see cref="SiameseTrackingCatalog.TrackObject(Microsoft.ML.TransformsCatalog, VideoTrackingOptions, string)"/> when a
/// pipeline is built, or by <see cref="SiameseTrackingCatalog.RegisterTrackObject"/> before a saved model is loaded
/// (the serving machine's pack path and GPU may well differ from the training machine's). One
/// <see cref="VideoTrackingMapper"/> (one loaded model) per contract name, shared by every transformer using it.
/// </summary>
public static class TrackObjectRegistry
{
    private static readonly ConcurrentDictionary<string, VideoTrackingMapper> Mappers = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers <paramref name="options"/> under <paramref name="contractName"/>. Registering equal options again keeps
    /// the loaded model; different options replace it for mappings created afterwards (earlier ones keep theirs).
    /// </summary>
    public static void Register(string contractName, VideoTrackingOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contractName);
        ArgumentNullException.ThrowIfNull(options);
        var fresh = new VideoTrackingMapper(options); // validates now; loads nothing until the first row
        Mappers.AddOrUpdate(contractName, fresh, (_, old) => old.Options == options ? old : fresh);
    }

    /// <summary>True when options are registered under <paramref name="contractName"/>.</summary>
    public static bool IsRegistered(string contractName) => Mappers.ContainsKey(contractName);

    /// <summary>The mapper registered under <paramref name="contractName"/>.</summary>
    /// <exception cref="InvalidOperationException">Nothing is registered under that name.</exception>
    public static VideoTrackingMapper GetMapper(string contractName) =>
        Mappers.TryGetValue(contractName, out var mapper) ? mapper
            : throw new InvalidOperationException(
                $"no tracking options are registered for the custom mapping contract '{contractName}': call " +
                $"mlContext.RegisterTrackObject(options{(contractName == TrackObjectFactory.ContractName ? "" : $", \"{contractName}\"")}) " +
                "before loading a model that contains TrackObject.");
}
