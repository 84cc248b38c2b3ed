using MLNet.Siamese.Inference;
using MLNet.Siamese.Output;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Mapping;

/// <summary>
/// Tracks one target per request through a whole video: the row → track logic behind the ML.NET adapter, with no
/// ML.NET types. Thread-safe: one model (ONNX sessions are thread-safe) is loaded once, on first use, and shared; each
/// call has its own <see cref="ISiameseTracker"/> and frame source, so calls may run concurrently (ML.NET may call a
/// mapping from several cursors at once). Bad input (missing or unreadable video, invalid box, start frame past the
/// end) gives a result with an error naming the file or field instead of an exception, so one bad row does not stop
/// a pipeline; a model pack that cannot be loaded is a configuration error and throws.
/// </summary>
public sealed class VideoTrackingMapper : IDisposable
{
    /// <summary>Target identifier used when a request has none (as <c>siamese track</c>).</summary>
    public const string DefaultTargetId = "0";

    private readonly Lazy<SiameseModel> _model;
    private int _disposed;

    /// <summary>Creates a mapper; the model pack is loaded on the first <see cref="Track"/> (or <see cref="Model"/>).</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public VideoTrackingMapper(VideoTrackingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _model = new Lazy<SiameseModel>(LoadModel, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The options this mapper was created with.</summary>
    public VideoTrackingOptions Options { get; }

    /// <summary>The shared model, loaded on first access.</summary>
    /// <exception cref="ModelPackException">The pack cannot be loaded.</exception>
    /// <exception cref="InvalidOperationException">A GPU was requested, is unusable and <see cref="VideoTrackingOptions.FallbackToCpu"/> is false.</exception>
    public SiameseModel Model
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _model.Value;
        }
    }

    /// <summary>Tracks <paramref name="request"/>'s target from its start frame to the end of the video.</summary>
    /// <returns>The track, or a result whose <see cref="VideoTrackResult.Error"/> says why there is none.</returns>
    /// <exception cref="ModelPackException">The model pack cannot be loaded (first call).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public VideoTrackResult Track(VideoTrackRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string video = request.Video ?? "";
        string target = string.IsNullOrEmpty(request.TargetId) ? DefaultTargetId : request.TargetId;
        if (CheckRequest(request) is { } invalid)
            return new VideoTrackResult(video, target, [], invalid);

        var model = Model;
        try
        {
            return new VideoTrackResult(video, target, Run(model, video, target, request, cancellationToken), null);
        }
        catch (Exception ex) when (ex is SiameseException or IOException or UnauthorizedAccessException)
        {
            // Frame-source messages already start with the path; others (e.g. a box outside the frame) get it prepended.
            string message = ex.Message.StartsWith(video, StringComparison.Ordinal) ? ex.Message : $"{video}: {ex.Message}";
            return new VideoTrackResult(video, target, [], message);
        }
    }

    private List<TrackRecord> Run(SiameseModel model, string video, string target, VideoTrackRequest request, CancellationToken ct)
    {
        using var tracker = CreateTracker(model);
        using var source = FrameSource.Open(video, new FrameSourceOptions { StartFrame = request.StartFrame });
        var records = new List<TrackRecord>(source.FrameCount is { } n ? (int)Math.Clamp(n - request.StartFrame, 1, 100_000) : 256);
        foreach (var (_, record) in SourceTracking.Run(tracker, source, request.Box, target, request.StartFrame, Options.MaxFrames, ct))
            records.Add(record);
        return records;
    }

    /// <summary>A new tracker over the shared model (loaded on first use) with these options' hyperparameters.</summary>
    /// <exception cref="ModelPackException">The model pack cannot be loaded (first call).</exception>
    public ISiameseTracker CreateTracker() => CreateTracker(Model);

    private ISiameseTracker CreateTracker(SiameseModel model) => SiameseTracker.Create(model, Options.ToTrackerOptions(model.Pack));

    private static string? CheckRequest(VideoTrackRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.Video)) return "video: the path is empty";
        if (r.Box.Problem() is { } problem) return $"{r.Video}: init {problem}";
        if (r.StartFrame < 0) return $"{r.Video}: start frame {r.StartFrame} must be >= 0";
        return null;
    }

    private SiameseModel LoadModel()
    {
        try
        {
            return SiameseModel.Load(Options.ModelPack, Options.ToInferenceOptions());
        }
        catch (InvalidOperationException ex) when (Options.GpuDeviceId is not null)
        {
            throw new InvalidOperationException($"{Options.ModelPack}: {ex.Message} (FallbackToCpu is false)", ex);
        }
    }

    /// <summary>Releases the model (when it was loaded). Calls in flight must have finished.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_model.IsValueCreated) _model.Value.Dispose();
    }
}
