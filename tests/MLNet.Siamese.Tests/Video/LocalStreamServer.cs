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
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit(5000);
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
        Signal("CONT");
        Kill();
        _process.Dispose();
    }
}
