using System.Runtime.ExceptionServices;
using MLNet.Siamese.Evaluation.Datasets;
using MLNet.Siamese.Evaluation.Results;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Tracking;

namespace MLNet.Siamese.Evaluation.Running;

/// <summary>
/// Runs one or more trackers over every sequence of a dataset and writes their result files in the toolkits' layout
/// (<see cref="ResultPaths"/>) under <c>&lt;results&gt;/&lt;tracker&gt;/</c>. Sequences run in parallel (bounded by
/// <see cref="EvaluationRunOptions.Parallelism"/>): each work item creates its own <see cref="ISiameseTracker"/> over the
/// tracker's shared <see cref="SiameseModel"/>, so results do not depend on scheduling. Score the folders it returns
/// with <see cref="Reports.ReportScorer"/>.
/// </summary>
public sealed class EvaluationRunner : IDisposable
{
    private readonly Dataset _dataset;
    private readonly string _resultsRoot;
    private readonly EvaluationRunOptions _options;
    private readonly List<(string Name, SiameseModel Model, TrackerProgress Progress)> _trackers = [];

    /// <summary>Loads every model pack (once each) and prepares progress counters.</summary>
    /// <param name="packPaths">Model pack folders; each tracker is named after its pack (a suffix makes names unique).</param>
    /// <param name="dataset">The sequences.</param>
    /// <param name="resultsRoot">Folder receiving one sub-folder of result files per tracker.</param>
    /// <param name="options">Protocol, init convention, parallelism, resume, inference options.</param>
    /// <exception cref="ModelPackException">A pack is invalid.</exception>
    public EvaluationRunner(IReadOnlyList<string> packPaths, Dataset dataset, string resultsRoot, EvaluationRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(packPaths);
        _dataset = dataset ?? throw new ArgumentNullException(nameof(dataset));
        _resultsRoot = Path.GetFullPath(resultsRoot);
        _options = options ?? new EvaluationRunOptions();
        if (_options.Parallelism < 1) throw new ArgumentOutOfRangeException(nameof(options), "parallelism must be >= 1");
        long frames = dataset.Sequences.Sum(s => (long)s.Length);
        try
        {
            foreach (var path in packPaths)
            {
                var model = SiameseModel.Load(path, _options.Inference);
                string name = model.Pack.Name;
                for (int k = 2; _trackers.Any(t => t.Name == name); k++) name = $"{model.Pack.Name}-{k}";
                _trackers.Add((name, model, new TrackerProgress(name, frames, dataset.Sequences.Count)));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Per-tracker progress, in the order of the packs.</summary>
    public IReadOnlyList<TrackerProgress> Progress => _trackers.Select(t => t.Progress).ToList();

    /// <summary>Runs every (tracker, sequence) pair not skipped by resume; returns the tracker result folders.</summary>
    /// <exception cref="EvaluationRunException">A sequence failed (frame unreadable, invalid first box, …): the others
    /// still ran and their result files are written; the exception names each failed sequence.</exception>
    public IReadOnlyList<TrackerFolder> Run(CancellationToken cancel = default)
    {
        var folders = _trackers.Select(t => new TrackerFolder(t.Name, Path.Combine(_resultsRoot, t.Name))).ToList();
        var work = new List<(int Tracker, EvaluationSequence Sequence)>();
        for (int t = 0; t < _trackers.Count; t++)
        {
            foreach (var s in _dataset.Sequences)
            {
                bool done = _options.Resume && File.Exists(ResultPaths.ResultFile(folders[t].Path, _options.Protocol, s.Name));
                if (done) _trackers[t].Progress.FinishSequence(s.Length, skipped: true);
                else work.Add((t, s));
            }
        }
        // Longest first keeps the last worker from finishing alone; the order does not change any result.
        work = work.OrderByDescending(w => w.Sequence.Length).ThenBy(w => w.Tracker).ThenBy(w => w.Sequence.Name, StringComparer.Ordinal).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancel };
        var failures = new System.Collections.Concurrent.ConcurrentBag<SequenceFailure>();
        try
        {
            Parallel.ForEach(work, parallel, w =>
            {
                try
                {
                    RunOne(folders[w.Tracker].Path, _trackers[w.Tracker], w.Sequence, cancel);
                }
                catch (SiameseException ex)
                {
                    // A bad sequence (first box outside the frame, corrupt frame, …) fails alone.
                    failures.Add(new SequenceFailure(_trackers[w.Tracker].Name, w.Sequence.Name, ex.Message));
                    _trackers[w.Tracker].Progress.FinishSequence(0, skipped: false);
                }
            });
        }
        catch (AggregateException ex)
        {
            var first = ex.Flatten().InnerExceptions.FirstOrDefault(e => e is SiameseException) ?? ex.Flatten().InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
        if (!failures.IsEmpty)
            throw new EvaluationRunException(failures.OrderBy(f => f.Tracker, StringComparer.Ordinal)
                .ThenBy(f => f.Sequence, StringComparer.Ordinal).ToList(), work.Count);
        return folders;
    }

    private void RunOne(string trackerDir, (string Name, SiameseModel Model, TrackerProgress Progress) t, EvaluationSequence sequence, CancellationToken cancel)
    {
        using var tracker = SiameseTracker.Create(t.Model);
        var run = _options.Protocol == EvaluationProtocol.Vot
            ? SequenceRunner.ResetBased(tracker, sequence, _options.Init, t.Progress.AddFrame, cancel)
            : SequenceRunner.OnePass(tracker, sequence, _options.Init, t.Progress.AddFrame, cancel);
        // Times first: the result file's presence is what marks the pair done for --resume.
        ResultFileWriter.WriteTimes(ResultPaths.TimesFile(trackerDir, _options.Protocol, sequence.Name), run.Seconds);
        ResultFileWriter.WriteRegions(ResultPaths.ResultFile(trackerDir, _options.Protocol, sequence.Name), run.Regions);
        t.Progress.FinishSequence(sequence.Length, skipped: false);
    }

    /// <summary>Releases the models.</summary>
    public void Dispose()
    {
        foreach (var t in _trackers) t.Model.Dispose();
        _trackers.Clear();
    }
}
