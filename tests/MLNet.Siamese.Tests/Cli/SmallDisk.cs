using System.Diagnostics;

namespace MLNet.Siamese.Tests.Cli;

/// <summary>
/// A size-limited tmpfs mounted on a temporary folder, to run commands out of disk space. Skips the test with a clear
/// message where mounting is not permitted (not root, or in a container without the capability).
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static SmallDisk Mount(string prefix, int kibibytes)
    {
        string dir = CliHarness.TempDir(prefix);
        var (code, _, err) = ProcessRunner.Run("mount", ["-t", "tmpfs", "-o", $"size={kibibytes}k", "tmpfs", dir], TimeSpan.FromSeconds(30));
        Skip.If(code != 0, $"cannot mount a {kibibytes} KiB tmpfs to simulate a full disk (needs root): {err.Trim()}");
        return new SmallDisk(dir);
    }

    public void Dispose() => ProcessRunner.Run("umount", ["-l", Path], TimeSpan.FromSeconds(30));
}

/// <summary>A running <c>siamese</c> child process whose stderr is collected, for tests that signal or race it.</summary>
internal sealed class CliChild : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _stderr = new();

    public CliChild(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(System.IO.Path.Combine(AppContext.BaseDirectory, "siamese.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Polls (bounded by two minutes) until <paramref name="condition"/> holds or the process ends.</summary>
    public bool WaitUntil(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition() && !_process.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(5);
        return condition();
    }

    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-s", name, _process.Id.ToString()]);
        kill.WaitForExit();
    }

    /// <summary>Waits (at most two minutes) for the exit; returns the exit code and all of stderr.</summary>
    public (int ExitCode, string StdErr) Wait()
    {
        Assert.True(_process.WaitForExit(120_000), "the command did not end within two minutes");
        _process.WaitForExit(); // drains the asynchronous readers
        lock (_stderr) return (_process.ExitCode, _stderr.ToString());
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
