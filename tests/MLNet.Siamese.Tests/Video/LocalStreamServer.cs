using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MLNet.Siamese.Tests.Video;

/// <summary>
/// A real stream for the live-source tests: the ffmpeg program serving a video as MPEG-TS over HTTP on 127.0.0.1, a
/// free port, in real time (<c>-re</c>), to one client. Disposing kills it.
/// </summary>
internal sealed class LocalStreamServer : IDisposable
{
    private readonly Process _process;

    public LocalStreamServer(string video, double seconds)
    {
        var ffmpeg = TestVideos.RequireFfmpeg();
        Port = FreePort();
        Url = $"http://127.0.0.1:{Port}";
        var psi = new ProcessStartInfo(ffmpeg) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-nostdin", "-v", "error", "-re", "-i", video, "-t", seconds.ToString(CultureInfo.InvariantCulture),
                     "-f", "mpegts", "-listen", "1", Url })
            psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        // Connecting to test readiness would take ffmpeg's only client: watch the kernel's socket table instead.
        var deadline = Stopwatch.StartNew();
        while (!IsListening(Port))
        {
            Assert.False(_process.HasExited, "ffmpeg exited before listening");
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "ffmpeg did not listen within 20 s");
            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    public string Url { get; }

    public int ProcessId => _process.Id;

    /// <summary>Kills the server mid-stream (the connection drops).</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
    }

    /// <summary>Freezes (SIGSTOP) or resumes (SIGCONT) the server: the connection stays open but no data flows.</summary>
    public void Signal(string signal)
    {
        // Process has no API for stop/continue: kill(1) sends them. Nothing to do once the server has ended; kill's
        // stderr is captured, not left in the test log: a failure while the server still runs fails the assertion.
        if (_process.HasExited) return;
        var psi = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        psi.ArgumentList.Add($"-{signal}");
        psi.ArgumentList.Add(_process.Id.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(psi)!;
        string error = kill.StandardError.ReadToEnd();
        kill.WaitForExit(5000);
        Assert.True(kill.ExitCode == 0 || _process.HasExited, $"kill -{signal} {_process.Id} failed: {error.Trim()}");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool IsListening(int port)
    {
        string hex = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(f => f.Length > 3 && f[1].EndsWith(hex, StringComparison.Ordinal) && f[3] == "0A");
    }

    public void Dispose()
    {
        Kill(); // SIGKILL ends a frozen (SIGSTOP) server too: no SIGCONT first
        _process.Dispose();
    }
}
