using Microsoft.ML;

namespace MLNet.Siamese.ML;

/// <summary>ML.NET catalog extensions: <c>mlContext.Transforms.TrackObject(...)</c> and <c>TrackObjectFrames(...)</c>.</summary>
public static class SiameseTrackingCatalog
{
    /// <summary>
    /// Tracks each row's target through its video (one row per target: a video path and the initial box) and adds the
    /// whole track as columns. See <see cref="TrackObjectOptions"/> for the columns and settings and
    /// <see cref="TrackObjectTransformer"/> for how rows are evaluated.
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">Model pack, column names, device and tracker settings.</param>
    /// <exception cref="ArgumentException">A setting is empty or out of range.</exception>
    public static TrackObjectEstimator TrackObject(this TransformsCatalog catalog, TrackObjectOptions options) =>
        new(catalog, options);

    /// <summary>
    /// <see cref="TrackObject(TransformsCatalog, TrackObjectOptions)"/> with the default columns (<c>Video</c>, <c>X</c>,
    /// <c>Y</c>, <c>Width</c>, <c>Height</c>, optional <c>TargetId</c> and <c>StartFrame</c>) and ApplyOnnxModel-style
    /// device arguments.
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="modelPack">Model pack folder.</param>
    /// <param name="gpuDeviceId">CUDA device; null runs on the CPU.</param>
    /// <param name="fallbackToCpu">When the GPU cannot be used: false (default, as ApplyOnnxModel) fails, true runs on the CPU with a warning.</param>
    public static TrackObjectEstimator TrackObject(this TransformsCatalog catalog, string modelPack, int? gpuDeviceId = null,
        bool fallbackToCpu = false) =>
        new(catalog, new TrackObjectOptions { ModelPack = modelPack, GpuDeviceId = gpuDeviceId, FallbackToCpu = fallbackToCpu });

    /// <summary>
    /// Frames as rows: each input row is one frame (an <c>MLImage</c> column from LoadImages, or an image path) of a
    /// group (a video or target); rows are tracked in order within each group, the first row of a group initialises it
    /// from the box columns, and every row gets its frame's box, score and status. So
    /// <c>LoadFromTextFile → LoadImages → TrackObjectFrames</c> works. See <see cref="TrackFramesOptions"/>.
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">Model pack, column names, device and tracker settings.</param>
    /// <exception cref="ArgumentException">A setting is empty or out of range.</exception>
    public static TrackFramesEstimator TrackObjectFrames(this TransformsCatalog catalog, TrackFramesOptions options) =>
        new(catalog, options);

    /// <summary>
    /// The exemplar crop of each row's box (the tracker's template input: context, mean padding, exemplar size, colour
    /// order) as a Single vector column. See <see cref="TargetCropOptions"/>.
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">Model pack, image and box columns.</param>
    public static TargetCropEstimator ExtractTargetCrop(this TransformsCatalog catalog, TargetCropOptions options) => new(catalog, options);

    /// <summary>
    /// The target's appearance embedding: <see cref="ExtractTargetCrop"/> followed by ML.NET's ApplyOnnxModel on the
    /// pack's template graph (one stateless ONNX call per row), the graph's output copied to
    /// <paramref name="outputColumnName"/> (a Single vector, e.g. 64×8×8 for the default model). For re-identification,
    /// clustering or as trainer features.
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">Model pack, image and box columns; GpuDeviceId and FallbackToCpu go to ApplyOnnxModel.</param>
    /// <param name="outputColumnName">The embedding column. Default <c>Embedding</c>.</param>
    public static IEstimator<ITransformer> TargetEmbedding(this TransformsCatalog catalog, TargetCropOptions options, string outputColumnName = "Embedding")
    {
        var crop = new TargetCropEstimator(catalog, options);
        var graph = TargetCropOptions.TemplateGraph(crop.Pack);
        string input = graph.Inputs[0].OnnxName, output = graph.Outputs[0].OnnxName;
        if (crop.OutputColumnName != input)
            throw new ArgumentException($"TargetEmbedding: the crop column must be named after the template graph's input '{input}' (leave OutputColumnName null)", nameof(options));
        int side = crop.Pack.ExemplarSize;
        var shapes = new Dictionary<string, int[]> { [input] = [1, 3, side, side] };
        return crop
            .Append(catalog.ApplyOnnxModel([output], [input], graph.File, shapes, options.GpuDeviceId, options.FallbackToCpu))
            .Append(catalog.CopyColumns(outputColumnName, output));
    }
}
