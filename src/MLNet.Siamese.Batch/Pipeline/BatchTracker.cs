using System.Runtime.CompilerServices;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Models;
using MLNet.Siamese.Output;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.Batch;

/// <summary>
/// Tracks the targets of many videos at once: frames are decoded ahead per video, the search crops of all open
/// videos (and of all targets of one video, which share the decoded frame) are stacked into batched model calls, and
/// boxes come out per video in frame order. Every target gets exactly the steps of a <see cref="SiameseTracker"/>
/// (same crop, decoder and state update), so the boxes are those of single-stream tracking. One run at a time.
/// </summary>
public sealed class BatchTracker : IDisposable
{
    private readonly SiameseModel _model;
    private readonly bool _ownsModel;
    private readonly BatchSearchModel _search;
    private PipelineCounters _counters = new();
    private int _running;

    /// <summary>Creates a batch tracker over a loaded model (which it does not own).</summary>
    /// <exception cref="ModelPackException">The pack's family is not supported, or <see cref="BatchInferenceMode.Batched"/>
    /// was asked for and its search graphs cannot take a batch.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public BatchTracker(SiameseModel model, BatchOptions? options = null) : this(model, options, ownsModel: false) { }

    private BatchTracker(SiameseModel model, BatchOptions? options, bool ownsModel)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new BatchOptions();
        Options.Validate();
        // The pipeline stacks one search crop per stream: a scale pyramid (response-map families) or the long-term
        // mode's changing search size do not fit that, so such packs are refused up front, not job by job.
        if (model.Pack.Decoder == Models.DecoderKind.ResponseMap || model.Pack.LongTerm is not null)
            throw new ModelPackException(model.Pack.ManifestPath, "family",
                $"batch jobs support the anchor-free and anchor families without long-term mode; {model.Pack.Name} " +
                $"({Models.TrackerFamilies.NameOf(model.Pack.Family)}{(model.Pack.LongTerm is null ? "" : ", long-term")}) runs with 'siamese track' or SiameseTracker");
        SiameseTracker.Create(model).Dispose();
        _model = model;
        _ownsModel = ownsModel;
        _search = BatchSearchModel.Open(model, Options.Inference);
    }

    /// <summary>Loads the pack at <paramref name="packPath"/> and creates a batch tracker that owns the model.</summary>
    public static BatchTracker Create(string packPath, InferenceOptions? inference = null, BatchOptions? options = null)
    {
        var model = SiameseModel.Load(packPath, inference);
        try
        {
            return new BatchTracker(model, options, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The model pack in use.</summary>
    public ModelPack Pack => _model.Pack;

    /// <summary>The device inference runs on.</summary>
    public ExecutionDevice Device => _model.Device;

    /// <summary>The scheduling options.</summary>
    public BatchOptions Options { get; }

    /// <summary>True when search crops of many targets run as one model call.</summary>
    public bool IsBatched => _search.IsBatched;

    /// <summary>How search crops reach the model, and why (e.g. whether the graphs were rewritten to take a batch).</summary>
    public string InferenceMode => _search.Description;

    /// <summary>Where the time of the current (or last) run went.</summary>
    public BatchStatistics Statistics => _counters.Snapshot(InferenceMode);

    /// <summary>
    /// Runs <paramref name="jobs"/> (enumerated lazily, in order) and reports each job's start, every tracked frame and
    /// its end. A job that fails (missing or corrupt video, box outside the frame, decode error) ends with a
    /// <see cref="JobStatus.Failed"/> outcome; the others go on. Cancelling stops every open job
    /// (<see cref="JobStatus.Cancelled"/>) after its current frame; stopping the enumeration early does the same.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another run is in progress.</exception>
    public IAsyncEnumerable<BatchEvent> RunAsync(IEnumerable<BatchJob> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return Run(jobs, cancellationToken);
    }

    /// <summary>The track records of <see cref="RunAsync"/> alone: per job in frame order, jobs interleaved.</summary>
    public async IAsyncEnumerable<TrackRecord> TrackAsync(IEnumerable<BatchJob> jobs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in RunAsync(jobs, cancellationToken))
            if (e is FrameTracked f)
                foreach (var r in f.Records)
                    yield return r;
    }

    private async IAsyncEnumerable<BatchEvent> Run(IEnumerable<BatchJob> jobs, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0) throw new InvalidOperationException("a batch run is already in progress on this tracker");
        try
        {
            _counters = new PipelineCounters();
            var run = new BatchRun(_model, _search, Options, _counters);
            await foreach (var e in run.RunAsync(jobs, cancellationToken))
                yield return e;
        }
        finally
        {
            _counters.Stop();
            Volatile.Write(ref _running, 0);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _search.Dispose();
        if (_ownsModel) _model.Dispose();
    }
}
