namespace MLNet.Siamese.Tests;

/// <summary>
/// Locates ../shared (beside the project root) and external helpers (python3 with OpenCV). Tests that need them call
/// <see cref="Require"/> / <see cref="RequirePython"/>, which skip with a clear message instead of failing when absent.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string?> Root = new(FindShared);

    /// <summary>The repository root (folder holding MLNet.Siamese.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Absolute path of ../shared, or null when absent.</summary>
    public static string? SharedRoot => Root.Value;

    /// <summary>Returns ../shared/<paramref name="relative"/>, skipping the test when it does not exist.</summary>
    public static string Require(string relative)
    {
        Skip.If(SharedRoot is null, "../shared is not present beside the project root: test skipped.");
        var path = Path.Combine(SharedRoot!, relative);
        Skip.IfNot(File.Exists(path) || Directory.Exists(path), $"{path} is not present: test skipped.");
        return path;
    }

    /// <summary>The Debian python3 (with cv2/numpy) used to produce reference outputs; skips when unavailable.</summary>
    public static string RequirePython(params string[] modules)
    {
        const string python = "/usr/bin/python3";
        Skip.IfNot(File.Exists(python), $"{python} is not installed: test skipped (run scripts/setup.sh).");
        foreach (var module in modules)
        {
            var (code, _, _) = ProcessRunner.Run(python, ["-c", $"import {module}"], TimeSpan.FromSeconds(60));
            Skip.If(code != 0, $"python module '{module}' is missing: test skipped (run scripts/setup.sh).");
        }
        return python;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MLNet.Siamese.sln")))
                return dir.FullName;
        throw new InvalidOperationException("MLNet.Siamese.sln not found above " + AppContext.BaseDirectory);
    }

    private static string? FindShared()
    {
        var env = Environment.GetEnvironmentVariable("MLNET_SIAMESE_SHARED");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? Path.GetFullPath(env) : null;
        var path = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
        return Directory.Exists(path) ? path : null;
    }
}
