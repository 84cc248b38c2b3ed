using MLNet.Siamese.Batch;
using Spectre.Console;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>Live progress bars on a terminal (Spectre.Console): one for all videos, one per open video.</summary>
internal sealed class SpectreBatchProgress(int jobs) : BatchProgressDisplay
{
    private readonly Dictionary<string, ProgressTask> _videos = new(StringComparer.Ordinal);
    private ProgressContext? _context;
    private ProgressTask? _overall;
    private IAnsiConsole? _console;

    public override BatchSummary Run(Func<IBatchProgress, Task<BatchSummary>> run)
    {
        var console = _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                _context = context;
                _overall = context.AddTask("[bold]all videos[/]", maxValue: jobs);
                return await run(this);
            })
            .GetAwaiter().GetResult();
    }

    public override void JobStarted(BatchJob job, long? expectedFrames)
    {
        if (_context is null) return;
        var task = _context.AddTask(Markup.Escape(job.Id), maxValue: Math.Max(1, expectedFrames ?? 1));
        task.IsIndeterminate = expectedFrames is null;
        _videos[job.Id] = task;
    }

    /// <summary>Above the live bars (a plain write would tear them).</summary>
    public override void Warning(BatchJob job, string message)
    {
        if (_console is null) base.Warning(job, message);
        else _console.MarkupLine(Markup.Escape($"warning: job {job.Id}: {message}"));
    }

    public override void FramesTracked(BatchJob job, long framesDone)
    {
        if (_videos.TryGetValue(job.Id, out var task)) task.Value = Math.Min(framesDone, task.MaxValue);
    }

    public override void JobFinished(BatchJob job, JobOutcome outcome)
    {
        if (_videos.Remove(job.Id, out var task))
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
        _overall?.Increment(1);
    }
}
