using System.CommandLine;
using MLNet.Siamese.Cli.Commands;

namespace MLNet.Siamese.Cli;

/// <summary>Entry point of the <c>siamese</c> command.</summary>
public static class Program
{
    /// <summary>Exit code for a command line that does not parse.</summary>
    public const int UsageError = 2;

    /// <summary>Runs the command line; returns the process exit code (0 success, 1 failure, 2 usage error).</summary>
    public static int Main(string[] args)
    {
        // However the process ends (SIGTERM's default action included), no temporary output file is left behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => MLNet.Siamese.Output.AtomicFile.DeleteAllPending();
        var root = new RootCommand("Track objects through videos with Siamese-network ONNX trackers (MLNet.Siamese).")
        {
            TrackCommand.Create(),
            BenchCommand.Create(),
            PackCommand.Create(),
            EvalCommand.Create(),
            BatchCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine("error: " + error.Message);
            Console.Error.WriteLine("Run 'siamese --help' or 'siamese <command> --help' for usage.");
            return UsageError;
        }
        return parsed.Invoke();
    }
}
