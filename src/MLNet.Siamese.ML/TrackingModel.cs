using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MLNet.Siamese.ML;

/// <summary>
/// Saves and loads ML.NET models that contain tracking transforms, self-contained: the model file gets each tracking
/// transform's settings and a copy of its model pack, so it loads on another machine, or after the pack folder has
/// moved, with identical tracks; two transforms with different settings keep their own.
/// <para>
/// Why not <c>mlContext.Model.Save</c> alone: ML.NET lets a third-party transform persist nothing but a contract name
/// (its save context is internal, dotnet/machinelearning#2336). So at the transform's place in the chain ML.NET stores a
/// placeholder (a CustomMapping with the contract <see cref="PlaceholderFactory.ContractName"/>), this class adds the
/// settings and packs as extra entries of the same zip file, and <see cref="Load(MLContext, string, out DataViewSchema, TrackingLoadOptions?)"/>
/// puts the real transforms back in place of the placeholders. Saving such a model with <c>mlContext.Model.Save</c>
/// fails, and loading it with <c>mlContext.Model.Load</c> fails, each with a message naming the method to call.
/// </para>
/// </summary>
public static class TrackingModel
{
    private const string EntryRoot = "MLNet.Siamese/";
    private const string SettingsEntry = EntryRoot + "tracking.json";
    private static readonly AsyncLocal<bool> Saving = new();
    private static readonly AsyncLocal<bool> Loading = new();

    /// <summary>Saves <paramref name="model"/> (any chain of transformers) with its tracking settings and packs to <paramref name="filePath"/>.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="model">The fitted model.</param>
    /// <param name="inputSchema">The schema of the data the model was fitted on (as for <c>mlContext.Model.Save</c>).</param>
    /// <param name="filePath">The model file to write; written to a temporary name and renamed when complete.</param>
    public static void Save(this MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string filePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        string full = Path.GetFullPath(filePath);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.partial");
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
                Save(mlContext, model, inputSchema, file);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Saves <paramref name="model"/> with its tracking settings and packs to <paramref name="stream"/> (which must be readable and seekable too).</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="model">The fitted model.</param>
    /// <param name="inputSchema">The schema of the data the model was fitted on.</param>
    /// <param name="stream">Where the zip file goes; left open.</param>
    public static void Save(this MLContext mlContext, ITransformer model, DataViewSchema inputSchema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        var trackers = Flatten(model).OfType<ISavedWithTracking>().ToList();
        long start = stream.Position;
        Saving.Value = true;
        try
        {
            mlContext.Model.Save(model, inputSchema, stream);
        }
        finally
        {
            Saving.Value = false;
        }
        stream.Position = start;
        using var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true);
        var saved = new SavedTracking { Transforms = [] };
        for (int i = 0; i < trackers.Count; i++)
        {
            var pack = trackers[i].Pack;
            string folder = $"{EntryRoot}packs/{i}/";
            var files = pack.TemplateGraphs.Concat(pack.SearchGraphs).Select(g => g.File).Prepend(pack.ManifestPath).Distinct();
            foreach (string file in files)
                zip.CreateEntryFromFile(file, folder + Path.GetRelativePath(pack.Directory, file).Replace('\\', '/'), CompressionLevel.Optimal);
            saved.Transforms.Add(trackers[i].ToSaved());
        }
        var entry = zip.CreateEntry(SettingsEntry);
        using var json = entry.Open();
        JsonSerializer.Serialize(json, saved, TrackingJsonContext.Default.SavedTracking);
    }

    /// <summary>Loads a model saved by <see cref="Save(MLContext, ITransformer, DataViewSchema, string)"/>.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="filePath">The model file.</param>
    /// <param name="inputSchema">The input schema the model was saved with.</param>
    /// <param name="options">Where packs are extracted and what changes on this machine (device, warnings).</param>
    /// <exception cref="InvalidDataException">The file holds tracking placeholders but no tracking settings (or they do not match).</exception>
    public static ITransformer Load(this MLContext mlContext, string filePath, out DataViewSchema inputSchema, TrackingLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        using var file = File.OpenRead(filePath);
        return Load(mlContext, file, out inputSchema, options, filePath);
    }

    /// <summary>Loads a model saved by <see cref="Save(MLContext, ITransformer, DataViewSchema, Stream)"/> from a seekable stream.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="stream">The model (zip) stream; left open.</param>
    /// <param name="inputSchema">The input schema the model was saved with.</param>
    /// <param name="options">Where packs are extracted and what changes on this machine (device, warnings).</param>
    public static ITransformer Load(this MLContext mlContext, Stream stream, out DataViewSchema inputSchema, TrackingLoadOptions? options = null) =>
        Load(mlContext, stream, out inputSchema, options, "model stream");

    private static ITransformer Load(MLContext mlContext, Stream stream, out DataViewSchema inputSchema, TrackingLoadOptions? options, string name)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new TrackingLoadOptions();
        long start = stream.Position;
        var settings = new List<Func<ITransformer>>();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
        {
            if (zip.GetEntry(SettingsEntry) is { } entry)
            {
                SavedTracking? saved;
                using (var json = entry.Open())
                    saved = JsonSerializer.Deserialize(json, TrackingJsonContext.Default.SavedTracking);
                var transforms = saved?.Transforms ?? throw new InvalidDataException($"{name}: {SettingsEntry} is empty");
                for (int i = 0; i < transforms.Count; i++)
                    {
                    var pack = ExtractPack(zip, i, options.PackCacheFolder, name);
                    var saved1 = transforms[i];
                    var load = options;
                    settings.Add(() => saved1.Create(pack, load, name));
                }
            }
        }
        stream.Position = start;
        mlContext.ComponentCatalog.RegisterAssembly(typeof(PlaceholderFactory).Assembly);
        Loading.Value = true;
        ITransformer loaded;
        try
        {
            loaded = mlContext.Model.Load(stream, out inputSchema);
        }
        finally
        {
            Loading.Value = false;
        }
        int next = 0;
        var result = Replace(loaded, settings, ref next, name);
        if (next != settings.Count)
            throw new InvalidDataException($"{name}: {settings.Count} tracking transforms are saved but the model has {next} places for them");
        return result;
    }

    /// <summary>Called by each tracking transform's <c>ICanSaveModel.Save</c>: writes the placeholder, or refuses outside <see cref="Save(MLContext, ITransformer, DataViewSchema, Stream)"/>.</summary>
    internal static void SaveStep(ModelSaveContext ctx)
    {
        if (!Saving.Value)
            throw new InvalidOperationException("TrackObject: mlContext.Model.Save cannot store the model pack and tracking settings; " +
                                                "save with mlContext.Save(model, schema, path) from MLNet.Siamese.ML (TrackingModel.Save) " +
                                                "and load with mlContext.Load(path, out schema) (TrackingModel.Load).");
        ((ICanSaveModel)Placeholder.Value).Save(ctx);
    }

    private static readonly Lazy<ITransformer> Placeholder = new(() =>
    {
        var ml = new MLContext();
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<PlaceholderInput>());
        return ml.Transforms.CustomMapping<PlaceholderInput, PlaceholderOutput>((_, _) => { }, PlaceholderFactory.ContractName).Fit(empty);
    });

    /// <summary>The transformers of <paramref name="model"/>, nested chains unrolled, in order.</summary>
    internal static IEnumerable<ITransformer> Flatten(ITransformer model) =>
        model is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [model];

    private static ITransformer Replace(ITransformer model, List<Func<ITransformer>> settings, ref int next, string name)
    {
        if (model is CustomMappingTransformer<PlaceholderInput, PlaceholderOutput>)
        {
            if (next >= settings.Count)
                throw new InvalidDataException($"{name}: the model has a tracking transform but no saved settings for it " +
                                               "(it was not saved with TrackingModel.Save)");
            return settings[next++]();
        }
        if (model is not IEnumerable<ITransformer> chain) return model;
        var parts = new List<ITransformer>();
        bool changed = false;
        foreach (var part in chain)
        {
            var replaced = Replace(part, settings, ref next, name);
            changed |= !ReferenceEquals(replaced, part);
            parts.Add(replaced);
        }
        return changed ? new TransformerChain<ITransformer>(parts.ToArray()) : model;
    }

    /// <summary>Extracts pack <paramref name="index"/> into a folder named by its content hash (reused when already there).</summary>
    private static string ExtractPack(ZipArchive zip, int index, string? cacheFolder, string name)
    {
        string prefix = $"{EntryRoot}packs/{index}/";
        var entries = zip.Entries.Where(e => e.FullName.StartsWith(prefix, StringComparison.Ordinal) && !e.FullName.EndsWith('/'))
            .OrderBy(e => e.FullName, StringComparer.Ordinal).ToList();
        if (entries.Count == 0) throw new InvalidDataException($"{name}: no model pack saved for tracking transform {index}");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var e in entries)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(e.FullName[prefix.Length..] + "\n"));
            using var s = e.Open();
            var buffer = new byte[81920];
            int n;
            while ((n = s.Read(buffer)) > 0) hash.AppendData(buffer, 0, n);
        }
        string root = cacheFolder ?? Path.Combine(Path.GetTempPath(), "mlnet-siamese", "packs");
        string target = Path.Combine(root, Convert.ToHexString(hash.GetHashAndReset())[..32].ToLowerInvariant());
        if (Directory.Exists(target)) return target;
        string temp = target + $".{Environment.ProcessId}.{Guid.NewGuid():N}.partial";
        try
        {
            foreach (var e in entries)
            {
                string relative = e.FullName[prefix.Length..];
                string path = Path.GetFullPath(Path.Combine(temp, relative));
                if (!path.StartsWith(Path.GetFullPath(temp) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    throw new InvalidDataException($"{name}: pack entry '{e.FullName}' escapes its folder");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                e.ExtractToFile(path);
            }
            try
            {
                Directory.Move(temp, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // another process extracted the same pack first: same content, use theirs
            }
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
        return target;
    }

    /// <summary>The placeholder's (empty) input columns. Public only because ML.NET's CustomMapping needs it.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public sealed class PlaceholderInput;

    /// <summary>The placeholder's output column. Public only because ML.NET's CustomMapping needs it.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public sealed class PlaceholderOutput
    {
        /// <summary>Never set: the placeholder is replaced when loaded through <see cref="TrackingModel"/>.</summary>
        public bool TrackingTransformNotLoaded { get; set; }
    }

    /// <summary>
    /// Loads the placeholder while <see cref="TrackingModel.Load(MLContext, string, out DataViewSchema, TrackingLoadOptions?)"/>
    /// runs; refuses <c>mlContext.Model.Load</c> with a message that says what to call.
    /// </summary>
    [CustomMappingFactoryAttribute(ContractName)]
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public sealed class PlaceholderFactory : CustomMappingFactory<PlaceholderInput, PlaceholderOutput>
    {
        /// <summary>
        /// The contract name stored in saved models. ML.NET prints it when it cannot find the factory, so it says what to do.
        /// </summary>
        public const string ContractName = "MLNet.Siamese.TrackObject: load this model with mlContext.Load(path, out schema) from MLNet.Siamese.ML (TrackingModel.Load)";

        /// <inheritdoc />
        /// <exception cref="InvalidOperationException">Called by <c>mlContext.Model.Load</c> instead of <see cref="TrackingModel"/>.</exception>
        public override Action<PlaceholderInput, PlaceholderOutput> GetMapping() =>
            Loading.Value
                ? (_, _) => { }
                : throw new InvalidOperationException("TrackObject: this model holds tracking transforms whose settings and model packs are " +
                                                      "stored beside ML.NET's data; load it with mlContext.Load(path, out schema) from " +
                                                      "MLNet.Siamese.ML (TrackingModel.Load), not mlContext.Model.Load.");
    }
}

/// <summary>What changes when a tracking model is loaded on this machine.</summary>
public sealed record TrackingLoadOptions
{
    /// <summary>Where saved model packs are extracted (one folder per pack content); default <c>$TMPDIR/mlnet-siamese/packs</c>.</summary>
    public string? PackCacheFolder { get; init; }

    /// <summary>Overrides the saved GPU device (null keeps the saved one; use <see cref="RunOnCpu"/> to force the CPU).</summary>
    public int? GpuDeviceId { get; init; }

    /// <summary>True runs every tracking transform on the CPU whatever was saved.</summary>
    public bool RunOnCpu { get; init; }

    /// <summary>Receives warnings of the loaded transforms (a CUDA fallback); null discards them.</summary>
    public Microsoft.Extensions.Logging.ILogger? Logger { get; init; }
}

/// <summary>A transform of this library: what <see cref="TrackingModel"/> saves in place of ML.NET's own data.</summary>
internal interface ISavedWithTracking
{
    /// <summary>The pack that is copied into the model file.</summary>
    MLNet.Siamese.Models.ModelPack Pack { get; }

    /// <summary>The settings to save (everything but the pack path and the logger).</summary>
    SavedTransform ToSaved();
}

/// <summary>A transform that tracks (a <see cref="TrackingEngine"/> can be made from it).</summary>
internal interface ITrackingTransform : ISavedWithTracking
{
    /// <summary>A new tracker over the transform's shared model, with its settings.</summary>
    MLNet.Siamese.Tracking.ISiameseTracker CreateTracker();
}

/// <summary>The saved form of the tracking transforms of one model, in chain order.</summary>
internal sealed class SavedTracking
{
    public int Format { get; set; } = 1;

    public List<SavedTransform> Transforms { get; set; } = [];
}

/// <summary>The saved settings of one tracking transform; the pack path becomes the extracted copy on load.</summary>
internal sealed record SavedTransform
{
    public const string VideoKind = "TrackObject";
    public const string FramesKind = "TrackObjectFrames";
    public const string CropKind = "ExtractTargetCrop";

    public string Kind { get; init; } = VideoKind;

    public TrackObjectOptions? Videos { get; init; }

    public TrackFramesOptions? Frames { get; init; }

    public TargetCropOptions? Crop { get; init; }

    /// <summary>The saved form of a transform's settings (the logger is not saved).</summary>
    public static SavedTransform Of(TrackingTransformOptions options) => (options with { Logger = null }) switch
    {
        TrackObjectOptions v => new() { Kind = VideoKind, Videos = v },
        TrackFramesOptions f => new() { Kind = FramesKind, Frames = f },
        TargetCropOptions c => new() { Kind = CropKind, Crop = c },
        var other => throw new ArgumentOutOfRangeException(nameof(options), other.GetType().Name, "not a tracking transform's settings"),
    };

    public ITransformer Create(string packFolder, TrackingLoadOptions load, string file) => Kind switch
    {
        VideoKind when Videos is { } v => new TrackObjectTransformer(Adjust(v, packFolder, load)),
        FramesKind when Frames is { } f => new TrackFramesTransformer(Adjust(f, packFolder, load)),
        CropKind when Crop is { } c => new TargetCropTransformer(Adjust(c, packFolder, load)),
        _ => throw new InvalidDataException($"{file}: unknown or incomplete tracking transform '{Kind}' (saved by a newer version?)"),
    };

    private static T Adjust<T>(T o, string packFolder, TrackingLoadOptions load) where T : TrackingTransformOptions => o with
    {
        ModelPack = packFolder,
        GpuDeviceId = load.RunOnCpu ? null : load.GpuDeviceId ?? o.GpuDeviceId,
        Logger = load.Logger,
    };
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SavedTracking))]
internal sealed partial class TrackingJsonContext : JsonSerializerContext;
