using System.CommandLine;
using MLNet.Siamese.Cli.Commands;

namespace MLNet.Siamese.Cli;

/// <summary>Entry point of the <c>siamese</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line; returns the process exit code (0 success, 1 failure, 2 usage error).</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("Track objects through videos with Siamese-network ONNX trackers (MLNet.Siamese).")
        {
            TrackCommand.Create(),
            BenchCommand.Create(),
            PackCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
