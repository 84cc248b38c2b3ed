using Microsoft.ML;
using Microsoft.ML.Transforms;
using MLNet.Siamese.Mapping;

namespace MLNet.Siamese.ML;

/// <summary>ML.NET catalog extensions: <c>mlContext.Transforms.TrackObject(...)</c> and its registration for loading.</summary>
public static class SiameseTrackingCatalog
{
    /// <summary>
    /// An estimator whose transformer tracks each row's target (columns of <see cref="VideoTrackingInput"/>) through its
    /// video and adds the columns of <see cref="TrackedVideo"/>. A row that cannot be tracked (missing video, bad box,
    /// start frame past the end) gets <c>Status</c> = <c>error</c> and a message; a model pack that cannot be loaded
    /// fails the pipeline. Registers <paramref name="options"/> under <paramref name="contractName"/>
    /// (see <see cref="TrackObjectRegistry"/>), so the fitted model can be saved and, after
    /// <see cref="RegisterTrackObject"/>, loaded.
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">Model pack, device, threads and tracker hyperparameter overrides.</param>
    /// <param name="contractName">Custom mapping contract name; another name needs its own <see cref="TrackObjectFactoryBase"/> subclass.</param>
    public static CustomMappingEstimator<VideoTrackingInput, TrackedVideo> TrackObject(this TransformsCatalog catalog,
        VideoTrackingOptions options, string contractName = TrackObjectFactory.ContractName)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        TrackObjectRegistry.Register(contractName, options);
        return catalog.CustomMapping(TrackObjectMapping.Create(TrackObjectRegistry.GetMapper(contractName)), contractName);
    }

    /// <summary>
    /// <see cref="TrackObject(TransformsCatalog, VideoTrackingOptions, string)"/> with ApplyOnnxModel-style arguments.
    /// Unlike ApplyOnnxModel, <paramref name="fallbackToCpu"/> defaults to true, the library's policy everywhere.
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="modelPack">Model pack folder.</param>
    /// <param name="gpuDeviceId">CUDA device; null runs on the CPU.</param>
    /// <param name="fallbackToCpu">Run on the CPU when the GPU cannot be used (true), or fail (false).</param>
    /// <param name="threads">ONNX Runtime intra-op threads per model call.</param>
    public static CustomMappingEstimator<VideoTrackingInput, TrackedVideo> TrackObject(this TransformsCatalog catalog,
        string modelPack, int? gpuDeviceId = null, bool fallbackToCpu = true, int threads = 1) =>
        catalog.TrackObject(new VideoTrackingOptions { ModelPack = modelPack, GpuDeviceId = gpuDeviceId, FallbackToCpu = fallbackToCpu, Threads = threads });

    /// <summary>
    /// Prepares <paramref name="mlContext"/> to load a saved model containing TrackObject: registers the options under
    /// <paramref name="contractName"/> and this assembly (its <see cref="TrackObjectFactory"/>) with the component catalog.
    /// </summary>
    /// <param name="mlContext">The context that will load the model.</param>
    /// <param name="options">The options for this machine (pack path, device).</param>
    /// <param name="contractName">The contract name the model was saved with.</param>
    public static void RegisterTrackObject(this MLContext mlContext, VideoTrackingOptions options, string contractName = TrackObjectFactory.ContractName)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        TrackObjectRegistry.Register(contractName, options);
        mlContext.ComponentCatalog.RegisterAssembly(typeof(TrackObjectFactory).Assembly);
    }
}
