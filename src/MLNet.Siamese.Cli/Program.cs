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
        ParseResult parsed;
        try
        {
            parsed = CreateRootCommand().Parse(args);
        }
        catch (InvalidOperationException ex)
        {
            // A validator read a value System.CommandLine could not convert (e.g. --resume=maybe): still a usage error.
            return Usage(ex.Message);
        }
        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            // One line: the first error names the option; the others are usually its consequences.
            string message = parsed.UnmatchedTokens.Count > 0 ? Unexpected(args, parsed.UnmatchedTokens[0]) : parsed.Errors[0].Message;
            return Usage($"{message} (see '{CommandLine(parsed.CommandResult)} --help')");
        }
        try
        {
            return parsed.Invoke();
        }
        finally
        {
            Commands.CliLogging.Flush();
        }
    }

    /// <summary>
    /// The command tree: <c>track</c>, <c>bench</c>, <c>pack</c>, <c>eval</c>, <c>batch</c> and <c>cluster worker|submit</c> with their options
    /// (tests enumerate it to exercise every option).
    /// </summary>
    public static RootCommand CreateRootCommand() =>
        new("Track objects through videos with Siamese-network ONNX trackers (MLNet.Siamese).")
        {
            TrackCommand.Create(),
            BenchCommand.Create(),
            PackCommand.Create(),
            EvalCommand.Create(),
            BatchCommand.Create(),
            ClusterCommand.Create(),
        };

    /// <summary>A value nothing takes, named with the option it follows (typically a switch given a value: <c>-q abc</c>).</summary>
    private static string Unexpected(string[] args, string token)
    {
        int i = Array.IndexOf(args, token);
        if (i > 0 && args[i - 1].TrimStart('-') is { Length: > 0 } name && char.IsLetter(name[0]) && args[i - 1].StartsWith('-'))
            return $"{args[i - 1]}: unexpected value {OptionFactory.Echo(token)} (a switch takes no value)";
        string? attached = args.FirstOrDefault(a => a.StartsWith('-') && (a.EndsWith("=" + token, StringComparison.Ordinal) || a.EndsWith(":" + token, StringComparison.Ordinal)));
        if (attached is not null)
            return $"{attached[..^(token.Length + 1)]}: unexpected value {OptionFactory.Echo(token)} (a switch takes no value)";
        return $"unexpected argument {OptionFactory.Echo(token)}";
    }

    /// <summary>The command as typed, e.g. <c>siamese pack nanotrack</c>.</summary>
    private static string CommandLine(System.CommandLine.Parsing.CommandResult command)
    {
        var names = new List<string>();
        for (var c = command; c is not null && c.Command is not RootCommand; c = c.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, c.Command.Name);
        return string.Join(' ', ["siamese", .. names]);
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine("error: " + CliRunner.OneLine(message));
        return UsageError;
    }
}
