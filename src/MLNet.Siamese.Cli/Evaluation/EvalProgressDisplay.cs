using System.Diagnostics;
using System.Globalization;
using MLNet.Siamese.Evaluation.Running;
using Spectre.Console;

namespace MLNet.Siamese.Cli.Evaluation;

/// <summary>
/// Shows evaluation progress on stderr while the work runs on another thread: Spectre.Console progress
/// bars (one per tracker) on a terminal, a plain line every few seconds when stderr is redirected (logs, CI), nothing
/// when quiet. Polls the thread-safe counters, so workers never touch the console.
/// </summary>
internal static class EvalProgressDisplay
{
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);

    public static T Run<T>(IReadOnlyList<TrackerProgress> trackers, bool quiet, Func<T> work)
    {
        var task = Task.Run(work);
        if (quiet) return task.GetAwaiter().GetResult();
        if (Console.IsErrorRedirected) Plain(trackers, task);
        else Bars(trackers, task);
        return task.GetAwaiter().GetResult();
    }

    private static void Bars(IReadOnlyList<TrackerProgress> trackers, Task work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var bars = trackers.Select(t => ctx.AddTask(Markup.Escape(t.Name), maxValue: Math.Max(1, t.TotalFrames))).ToList();
                while (true)
                {
                    bool finished = work.IsCompleted;
                    for (int i = 0; i < trackers.Count; i++)
                    {
                        var t = trackers[i];
                        bars[i].Value = t.FramesDone;
                        bars[i].Description = Markup.Escape($"{t.Name} ({t.SequencesDone}/{t.TotalSequences} sequences)");
                    }
                    if (finished) break;
                    ctx.Refresh();
                    WaitFor(work, TimeSpan.FromMilliseconds(200));
                }
            });
    }

    /// <summary>Waits until the work ends or the time passes; a failure is left for the caller's GetResult to rethrow.</summary>
    private static bool WaitFor(Task work, TimeSpan timeout) => ((IAsyncResult)work).AsyncWaitHandle.WaitOne(timeout);

    private static void Plain(IReadOnlyList<TrackerProgress> trackers, Task work)
    {
        var clock = Stopwatch.StartNew();
        while (!WaitFor(work, PlainEvery))
        {
            double seconds = clock.Elapsed.TotalSeconds;
            foreach (var t in trackers)
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"eval: {t.Name}: {t.FramesDone}/{t.TotalFrames} frames ({100.0 * t.FramesDone / Math.Max(1, t.TotalFrames):0}%), {t.SequencesDone}/{t.TotalSequences} sequences, {t.FramesDone / seconds:0.0} frames/s"));
        }
    }
}
