namespace MLNet.Siamese.Tests.Cli;

/// <summary>Runs the real <c>siamese</c> executable (built beside the tests) as a child process with a deadline.</summary>
internal static class CliHarness
{
    public static (int ExitCode, string StdOut, string StdErr) Run(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "siamese.dll");
        Assert.True(File.Exists(dll), $"{dll} not built");
        return ProcessRunner.Run("dotnet", [dll, .. args], TimeSpan.FromMinutes(2));
    }

    public static string TempDir(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;
}
