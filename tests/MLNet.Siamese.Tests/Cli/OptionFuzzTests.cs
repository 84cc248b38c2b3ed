using System.CommandLine;
using System.Diagnostics;
using Xunit.Abstractions;

namespace MLNet.Siamese.Tests.Cli;

/// <summary>Tests that swap the process-wide console and current directory: run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessConsoleCollection
{
    public const string Name = "process console";
}

/// <summary>
/// Issue 14: every option of every command (enumerated from the command tree the CLI builds, so new options are covered
/// automatically) gets hostile and random values, with the command's other options valid. Whatever the value: exit
/// code 0, 1 or 2; no stack trace; on failure exactly one stderr line naming the option or the file; no file left in
/// the working folder after a failure. Runs the CLI in-process (Program.Main with the console captured), one case
/// after another in a fresh working folder.
/// </summary>
[Collection(ProcessConsoleCollection.Name)]
public class OptionFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 14, RandomValuesPerOption = 3;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(60);

    private static readonly string[] HostileValues =
    [
        "", " ", "abc", "1.5", "-1", "0", "-0", "1", "2147483647", "2147483648", "-2147483649", "99999999999",
        "1e308", "-1e308", "NaN", "Infinity", "-Infinity", "1,2", "0,0,0,0", "336,165,1e308,61", "336,165,26,61",
        "true", "--", "cuda:99999999999", "ünïcødé-目标-🎯", new string('9', 400), new string('a', 5000),
    ];

    private static readonly string[] RandomPieces = ["0", "1", "9", "-", "+", ".", ",", "e", "E", " ", "a", "é", "目", "🎯", "/", ":", "x", "%", "'"];

    [SkippableFact]
    public void Every_option_of_every_command_survives_hostile_values()
    {
        var inputs = Inputs.Create();
        var root = MLNet.Siamese.Cli.Program.CreateRootCommand();
        var random = new Random(Seed);
        var failures = new List<string>();
        int cases = 0;
        var clock = Stopwatch.StartNew();
        foreach (var (path, command) in Leaves(root, []))
        {
            string key = string.Join(' ', path);
            Assert.True(inputs.Base.TryGetValue(key, out var baseArgs), $"no valid base command line for '{key}': add one to OptionFuzzTests.Inputs");
            foreach (var option in command.Options.Where(o => o is not System.CommandLine.Help.HelpOption and not VersionOption))
            {
                foreach (var value in ValuesFor(option, random))
                {
                    var args = path.Concat(baseArgs.Where(b => b.Name != option.Name).SelectMany(b => (string[])[b.Name, .. b.Values]))
                        .Concat(value is null ? [option.Name] : [option.Name, value]).ToArray();
                    cases++;
                    string? problem = Check(option, value, args, inputs.Root);
                    if (problem is not null) failures.Add($"{Show(args)}\n    {problem}");
                }
            }
        }
        output.WriteLine($"{cases} cases in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases failed:\n" + string.Join("\n", failures.Take(40)));
    }

    /// <summary>The bare option (switches, and options whose value is missing) then the hostile and random values.</summary>
    private static IEnumerable<string?> ValuesFor(Option option, Random random)
    {
        yield return null;
        foreach (var v in HostileValues) yield return v;
        for (int i = 0; i < RandomValuesPerOption; i++)
            yield return string.Concat(Enumerable.Range(0, random.Next(0, 24)).Select(_ => RandomPieces[random.Next(RandomPieces.Length)]));
    }

    private static string? Check(Option option, string? value, string[] args, string root)
    {
        string cwd = Directory.CreateDirectory(Path.Combine(root, "case-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var (code, stderr) = RunInProcess(args, cwd);
            if (code is not (0 or 1 or 2)) return $"exit code {code}: {stderr}";
            if (stderr.Contains("Unhandled exception") || stderr.Contains("   at ") || stderr.Contains("error: unexpected "))
                return $"crash: {stderr}";
            if (code == 0) return null;
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length != 1) return $"exit {code} with {lines.Length} stderr lines: {stderr}";
            if (!lines[0].StartsWith("error: ", StringComparison.Ordinal)) return $"not an error line: {lines[0]}";
            if (!Names(lines[0], option, value, cwd)) return $"the error names neither {option.Name} nor the value: {lines[0]}";
            var left = Directory.GetFiles(cwd, "*", SearchOption.AllDirectories);
            if (left.Length > 0) return $"exit {code} left {string.Join(", ", left.Select(f => Path.GetRelativePath(cwd, f)))}";
            return null;
        }
        finally
        {
            Directory.Delete(cwd, recursive: true);
        }
    }

    /// <summary>
    /// The line names an alias of the option, or the value: its start, the file it names (as a full path), or one of
    /// its comma-separated items (e.g. the sequence of a --sequences list that does not exist).
    /// </summary>
    private static bool Names(string line, Option option, string? value, string cwd)
    {
        if (line.Contains(option.Name) || option.Aliases.Any(line.Contains)) return true;
        if (string.IsNullOrWhiteSpace(value)) return false;
        string start = value.Trim();
        if (line.Contains(start[..Math.Min(start.Length, 20)])) return true;
        string full = Path.GetFullPath(value, cwd);
        if (line.Contains(full[..Math.Min(full.Length, cwd.Length + 20)])) return true;
        return value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(item => line.Contains($"'{item}'"));
    }

    private static (int Code, string StdErr) RunInProcess(string[] args, string cwd)
    {
        TextWriter oldOut = Console.Out, oldErr = Console.Error;
        string oldCwd = Environment.CurrentDirectory;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        Environment.CurrentDirectory = cwd;
        try
        {
            var run = Task.Run(() => MLNet.Siamese.Cli.Program.Main(args));
            if (!((IAsyncResult)run).AsyncWaitHandle.WaitOne(CaseTimeout)) return (-1, $"no exit within {CaseTimeout.TotalSeconds} s");
            return run.IsFaulted ? (-2, $"Unhandled exception: {run.Exception!.InnerException}") : (run.Result, stderr.ToString());
        }
        finally
        {
            Environment.CurrentDirectory = oldCwd;
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    private static IEnumerable<(string[] Path, Command Command)> Leaves(Command command, string[] path)
    {
        // 'cluster worker' runs until it is stopped and 'cluster submit' needs running workers and a Redis server:
        // neither has a quick, self-contained base line. Their options are parsed by the same OptionFactory (usage
        // errors naming the option); ClusterCommandTests checks their own validators.
        if (command.Name == "cluster") yield break;
        if (command.Action is not null && command is not RootCommand) yield return (path, command);
        foreach (var sub in command.Subcommands)
            foreach (var leaf in Leaves(sub, [.. path, sub.Name]))
                yield return leaf;
    }

    private static string Show(string[] args) =>
        "siamese " + string.Join(' ', args.Select(a => a.Length > 40 ? $"'{a[..20]}…({a.Length})'" : $"'{a}'"));

    /// <summary>Small real inputs (3 frames, a 3-frame sequence, a job list) and each command's valid, quick base line.</summary>
    private sealed record Inputs(string Root, Dictionary<string, (string Name, string[] Values)[]> Base)
    {
        public static Inputs Create()
        {
            string bolt = SharedData.Require("data/sequences/Bolt");
            string release = SharedData.Require("models/third_party/nanotrack-v2");
            string model = Path.Combine(AppContext.BaseDirectory, "models", "default");
            string root = CliHarness.TempDir("cli-fuzz");
            string sequence = Path.Combine(root, "data", "Bolt");
            Directory.CreateDirectory(Path.Combine(sequence, "img"));
            foreach (var f in Directory.GetFiles(Path.Combine(bolt, "img"), "*.jpg").Order().Take(3))
                File.Copy(f, Path.Combine(sequence, "img", Path.GetFileName(f)));
            File.WriteAllLines(Path.Combine(sequence, "groundtruth_rect.txt"), File.ReadLines(Path.Combine(bolt, "groundtruth_rect.txt")).Take(3));
            string frames = Path.Combine(sequence, "img");
            string jobs = Path.Combine(root, "jobs.csv");
            File.WriteAllText(jobs, $"job,video,target,start_frame,x,y,w,h\nbolt,{frames},runner,0,336,165,26,61\n");
            // Outputs are relative: they land in the case's working folder, which must stay empty when a case fails.
            return new Inputs(root, new()
            {
                ["track"] = [("--input", [frames]), ("--box", ["336,165,26,61"]), ("--max-frames", ["2"]), ("--output", ["t.csv"]), ("--quiet", [])],
                ["bench"] = [("--model", [model]), ("--input", [sequence]), ("--frames", ["2"]), ("--rounds", ["1"]), ("--json", ["b.json"])],
                ["pack nanotrack"] = [("--source", [release]), ("--out", ["pack"])],
                ["eval"] = [("--model", [model]), ("--dataset", [Path.Combine(root, "data")]), ("--out", ["eval"]), ("--parallel", ["1"]), ("--quiet", [])],
                ["batch"] = [("--jobs", [jobs]), ("--out", ["out"]), ("--max-frames", ["2"]), ("--quiet", [])],
            });
        }
    }
}
