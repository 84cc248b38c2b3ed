using System.IO.Pipes;
using System.Net;
using System.Net.Sockets;

namespace MLNet.Siamese.Video;

/// <summary>
/// Receives a network stream (HTTP/HTTPS, TCP or UDP carrying a container FFmpeg reads, such as MPEG-TS) and copies its
/// bytes into a pipe that OpenCV's <see cref="OpenCvSharp.VideoCapture"/> reads as a file (<see cref="PipePath"/>).
/// </summary>
/// <remarks>
/// Written by hand because OpenCvSharp's official runtime builds FFmpeg without its network protocols (measured on
/// 4.13.0.20261107: only file, pipe and hls are compiled in, so <c>VideoCapture("http://...")</c> fails to open).
/// Doing the transport here also gives the stall timeout and the end-of-stream reason OpenCV would not report: the
/// pipe is closed when the server closes the stream, fails, or sends nothing for the stall timeout, so a read never
/// blocks longer than that.
/// </remarks>
internal sealed class NetworkStreamPump : IDisposable
{
    private readonly AnonymousPipeServerStream _pipe = new(PipeDirection.Out, HandleInheritability.None, 1 << 20);
    private readonly CancellationTokenSource _stop = new();
    private readonly Uri _uri;
    private readonly TimeSpan _stall;
    private readonly Task _task;
    private string? _endReason;
    private bool _stalled;

    public NetworkStreamPump(Uri uri, TimeSpan stall)
    {
        _uri = uri;
        _stall = stall;
        PipePath = $"/proc/self/fd/{_pipe.ClientSafePipeHandle.DangerousGetHandle()}";
        _task = Task.Run(RunAsync);
    }

    /// <summary>Schemes this pump receives.</summary>
    public static bool Supports(Uri uri) => uri.Scheme is "http" or "https" or "tcp" or "udp";

    /// <summary>The read end of the pipe as a path OpenCV (FFmpeg's file protocol) opens.</summary>
    public string PipePath { get; }

    /// <summary>Bytes received so far.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytes);
    private long _bytes;

    /// <summary>Once OpenCV has opened <see cref="PipePath"/>: drops this process's copy of the read end, so the pipe's
    /// end reaches OpenCV as end of file.</summary>
    public void ReaderOpened() => _pipe.DisposeLocalCopyOfClientHandle();

    /// <summary>Why the transfer ended (waits briefly for it to settle); null while it runs.</summary>
    public (string? Reason, bool Stalled) End(TimeSpan wait)
    {
        _task.Wait(wait);
        lock (_stop) return (_endReason, _stalled);
    }

    private async Task RunAsync()
    {
        string reason;
        bool stalled = false;
        try
        {
            reason = _uri.Scheme switch
            {
                "http" or "https" => await CopyAsync(await OpenHttpAsync().ConfigureAwait(false)).ConfigureAwait(false),
                "tcp" => await CopyAsync(await OpenTcpAsync().ConfigureAwait(false)).ConfigureAwait(false),
                _ => await ReceiveUdpAsync().ConfigureAwait(false),
            };
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            stalled = true;
            reason = $"stalled: no data for {_stall.TotalSeconds:0.#} s";
        }
        catch (OperationCanceledException)
        {
            reason = "stopped";
        }
        catch (Exception e) when (e is IOException or SocketException or HttpRequestException or ObjectDisposedException)
        {
            reason = $"failed: {e.Message}";
        }
        lock (_stop)
        {
            _endReason = reason;
            _stalled = stalled;
        }
        try { _pipe.Dispose(); } catch (IOException) { /* the reader is gone */ }
    }

    private async Task<Stream> OpenHttpAsync()
    {
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var cts = Deadline();
        var response = await http.GetAsync(_uri, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        return await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
    }

    private async Task<Stream> OpenTcpAsync()
    {
        var client = new TcpClient();
        using var cts = Deadline();
        await client.ConnectAsync(_uri.Host, _uri.Port, cts.Token).ConfigureAwait(false);
        return client.GetStream();
    }

    /// <summary>Copies until the server closes the stream; a read that waits past the stall timeout cancels.</summary>
    private async Task<string> CopyAsync(Stream source)
    {
        await using var _ = source.ConfigureAwait(false);
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var cts = Deadline();
            int n = await source.ReadAsync(buffer, cts.Token).ConfigureAwait(false);
            if (n == 0) return "ended: closed by the server";
            await WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
        }
    }

    /// <summary>Binds the URL's port (on its address when it is local, else on all addresses) and forwards datagrams.</summary>
    private async Task<string> ReceiveUdpAsync()
    {
        var address = IPAddress.TryParse(_uri.Host, out var ip) ? ip : IPAddress.Any;
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        udp.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        udp.Client.ReceiveBufferSize = 4 << 20;
        if (IsMulticast(address))
        {
            udp.Client.Bind(new IPEndPoint(IPAddress.Any, _uri.Port));
            udp.JoinMulticastGroup(address);
        }
        else
        {
            udp.Client.Bind(new IPEndPoint(address, _uri.Port));
        }
        while (true)
        {
            using var cts = Deadline();
            var datagram = await udp.ReceiveAsync(cts.Token).ConfigureAwait(false);
            await WriteAsync(datagram.Buffer).ConfigureAwait(false);
        }
    }

    private static bool IsMulticast(IPAddress a) => a.AddressFamily == AddressFamily.InterNetwork && (a.GetAddressBytes()[0] & 0xF0) == 0xE0;

    private async Task WriteAsync(ReadOnlyMemory<byte> data)
    {
        // The reader (OpenCV) stalling does not count as a network stall: only reads carry the deadline.
        await _pipe.WriteAsync(data, _stop.Token).ConfigureAwait(false);
        Interlocked.Add(ref _bytes, data.Length);
    }

    private CancellationTokenSource Deadline()
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        cts.CancelAfter(_stall);
        return cts;
    }

    /// <summary>Stops receiving and closes the pipe.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        try { _pipe.Dispose(); } catch (IOException) { /* the reader is gone */ }
        _task.Wait(TimeSpan.FromSeconds(2));
    }
}
