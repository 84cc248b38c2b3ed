using System.Diagnostics;
using System.Text;

namespace MLNet.Siamese.Tests.Cluster;

/// <summary>A <c>siamese cluster …</c> child process whose stderr/stdout lines are collected as they come.</summary>
internal sealed class ClusterProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ClusterProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ClusterProcess Start(string name, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "siamese.dll");
        Assert.True(File.Exists(dll), $"{dll} not built");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return new ClusterProcess(Process.Start(psi)!, name);
    }

    /// <summary>A worker on loopback with its own pair of free ports, holding one job at a time (most jobs stay queued: a
    /// late worker finds work).</summary>
    public static ClusterProcess Worker(string name, string membership, string output)
    {
        var ports = FreePorts.Take(2);
        return Start(name, "cluster", "worker", "--membership", membership, "--out", output, "--name", name,
            "--silo-port", ports[0].ToString(), "--gateway-port", ports[1].ToString(), "--advertise", "127.0.0.1",
            "--max-open", "1", "--workers", "1", "--decoders", "1");
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; fails with the output when it does not in time.</summary>
    public void WaitFor(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"{Name}: no '{text}' within {timeout.TotalSeconds} s:\n{Output}");
            if (_process.HasExited && !Output.Contains(text, StringComparison.Ordinal))
            {
                _process.WaitForExit();
                if (!Output.Contains(text, StringComparison.Ordinal)) Assert.Fail($"{Name} exited ({_process.ExitCode}) before '{text}':\n{Output}");
            }
            Thread.Sleep(200);
        }
    }

    /// <summary>Waits for the process to end; its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        Assert.True(_process.WaitForExit(timeout), $"{Name} did not finish within {timeout.TotalSeconds} s:\n{Output}");
        _process.WaitForExit(); // drains the output
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no clean-up, no goodbye to the cluster.</summary>
    public void Kill() => _process.Kill();

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Signals.Terminate(_process);
            if (!_process.WaitForExit(30_000)) _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
