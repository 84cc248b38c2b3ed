using System.CommandLine;
using MLNet.Siamese.Batch;
using MLNet.Siamese.Cluster;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// <c>siamese cluster submit</c>: sends a job list to a cluster once, shows progress, and writes the combined tables
/// and summary into the shared output folder as <c>siamese batch</c> does. Exit codes: 0 every job completed (or was
/// already complete), 1 a job failed or the cluster could not be reached, 2 usage error, 130/143 interrupted (the
/// workers go on; the same command follows the run again).
/// </summary>
internal static class ClusterSubmitCommand
{
    public static Command Create()
    {
        var jobs = OptionFactory.Path("--jobs", "Job list: .csv or .json, as for 'siamese batch' (video paths must be the same on every worker)", true, "-j");
        var output = OptionFactory.Path("--out", "Shared output folder (the workers' --out, as mounted on this machine)", true, "-o");
        var membership = ClusterCommand.Membership();
        var clusterId = ClusterCommand.ClusterId();
        var model = OptionFactory.OptionalPath("--model", "Model pack folder at a path every worker can read; default: each worker's --model", "-m");
        var maxFrames = CommonOptions.MaxFrames();
        var connect = OptionFactory.Int("--connect-timeout", "Seconds to wait for a first worker, 1..86400", 60, 1, 86400);
        var quiet = OptionFactory.Flag("--quiet", "No progress on stderr (the summary line and failures are still printed)", "-q");

        var command = new Command("submit", "Run a job list on a cluster's workers; show progress; write the combined tables")
        {
            jobs, output, membership, clusterId, model, maxFrames, connect, quiet,
        };
        command.SetAction(r => CliRunner.Run(() =>
        {
            var list = JobList.Load(r.GetValue(jobs)!);
            string outDir = r.GetValue(output)!;
            var progress = new ClusterProgressText(list.Count, !r.GetValue(quiet));
            var options = new ClusterSubmitOptions
            {
                Membership = r.GetValue(membership)!,
                OutputDirectory = outDir,
                ClusterId = r.GetValue(clusterId)!,
                Model = r.GetValue(model),
                MaxFrames = r.GetValue(maxFrames),
                ConnectTimeout = TimeSpan.FromSeconds(r.GetValue(connect)),
                Progress = progress,
                LoggerFactory = CliLogging.Factory,
            };
            using var interrupt = Interruption.Listen("interrupted: the workers go on; run the same command again to follow the run");
            var summary = ClusterSubmitter.RunAsync(list, options, interrupt.Token).GetAwaiter().GetResult();
            ClusterProgressText.PrintSummary(summary, Path.GetFullPath(outDir));
            if (summary.Interrupted) return interrupt.ExitCode;
            return summary.Failed > 0 || summary.Cancelled > 0 ? CliRunner.Failure : CliRunner.Success;
        }));
        return command;
    }
}
