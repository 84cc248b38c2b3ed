using Microsoft.ML.Transforms;

namespace MLNet.Siamese.ML;

/// <summary>
/// Rebuilds the TrackObject mapping when ML.NET loads a saved model: resolves the options registered under the
/// factory's contract name (<see cref="TrackObjectRegistry"/>). Derive from it, with your own
/// <c>[CustomMappingFactoryAttribute("name")]</c> and a parameterless constructor passing the same name, to keep
/// several tracking configurations in one process; register your assembly with
/// <c>mlContext.ComponentCatalog.RegisterAssembly</c> before loading.
/// </summary>
public abstract class TrackObjectFactoryBase : CustomMappingFactory<VideoTrackingInput, TrackedVideo>
{
    private readonly string _contractName;

    /// <summary>Creates the factory for <paramref name="contractName"/> (the name in the subclass's attribute).</summary>
    protected TrackObjectFactoryBase(string contractName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contractName);
        _contractName = contractName;
    }

    /// <summary>The mapping over the options registered under this factory's contract name.</summary>
    /// <exception cref="InvalidOperationException">No options are registered under it.</exception>
    public override Action<VideoTrackingInput, TrackedVideo> GetMapping() =>
        TrackObjectMapping.Create(TrackObjectRegistry.GetMapper(_contractName));
}

/// <summary>The factory of the default contract name <see cref="ContractName"/>.</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class TrackObjectFactory : TrackObjectFactoryBase
{
    /// <summary>The contract name TrackObject uses unless told otherwise; stored in saved models.</summary>
    public const string ContractName = "MLNet.Siamese.TrackObject";

    /// <summary>Called by ML.NET's component catalog.</summary>
    public TrackObjectFactory() : base(ContractName) { }
}
