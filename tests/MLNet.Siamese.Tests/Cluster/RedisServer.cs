using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MLNet.Siamese.Tests.Cluster;

/// <summary>
/// A real redis-server (Debian package, installed by scripts/setup.sh) on a free loopback port with its data in a
/// temporary folder, append-only file on, as a deployment keeps it: a restart keeps the membership table and the job
/// board. Skips the test when redis-server is not installed.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private const string Executable = "/usr/bin/redis-server";
    private readonly string _dir;
    private Process? _process;

    private RedisServer(int port, string dir)
    {
        Port = port;
        _dir = dir;
    }

    public int Port { get; }

    public string Membership => $"redis://127.0.0.1:{Port}";

    public static RedisServer Start()
    {
        Skip.IfNot(File.Exists(Executable), $"{Executable} is not installed: test skipped (run scripts/setup.sh).");
        var server = new RedisServer(FreePorts.Take(1)[0], Directory.CreateTempSubdirectory("cluster-redis").FullName);
        server.Restart();
        return server;
    }

    /// <summary>Starts (again) on the same port and data folder, and waits until it answers PING.</summary>
    public void Restart()
    {
        var psi = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _dir, "--appendonly", "yes", "--save", "", "--protected-mode", "yes" })
            psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!Ping())
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("redis-server did not answer within 20 s");
            Thread.Sleep(100);
        }
    }

    /// <summary>Stops it the way a service manager does (SIGTERM: the append-only file is flushed).</summary>
    public void Stop()
    {
        if (_process is null || _process.HasExited) return;
        Signals.Terminate(_process);
        if (!_process.WaitForExit(20_000)) _process.Kill();
        _process.Dispose();
        _process = null;
    }

    private bool Ping()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            int n = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, n).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_process is { HasExited: false }) _process.Kill();
        _process?.Dispose();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>Free loopback TCP ports (bound to port 0 and released; distinct within one call).</summary>
internal static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        foreach (var l in listeners) l.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners) l.Stop();
        return ports;
    }
}

/// <summary>POSIX signals to child processes.</summary>
internal static class Signals
{
    /// <summary>SIGTERM, through kill(1).</summary>
    public static void Terminate(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]);
        kill.WaitForExit();
    }
}
