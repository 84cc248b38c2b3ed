using System.Runtime.InteropServices;
using MLNet.Siamese.Output;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM while a command writes output: the first signal prints one line and cancels
/// <see cref="Token"/>, so the command stops at its next frame, removes its temporary files and exits with
/// <see cref="ExitCode"/> (130 for SIGINT, 143 for SIGTERM: 128 + the signal number, as shells report it). A second
/// signal removes the temporary files still open and lets the process end at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    public const int SigIntExitCode = 130, SigTermExitCode = 143;

    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration _sigint, _sigterm;
    private readonly string _message;
    private int _exitCode;

    private Interruption(string message)
    {
        _message = message;
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, SigIntExitCode));
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, SigTermExitCode));
    }

    /// <summary>Starts handling the signals; <paramref name="message"/> is printed (on stderr) when one arrives.</summary>
    public static Interruption Listen(string message) => new(message);

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>True once a signal arrived.</summary>
    public bool Requested => Volatile.Read(ref _exitCode) != 0;

    /// <summary>130 after SIGINT, 143 after SIGTERM (0 before either).</summary>
    public int ExitCode => Volatile.Read(ref _exitCode);

    private void OnSignal(PosixSignalContext context, int exitCode)
    {
        if (Interlocked.CompareExchange(ref _exitCode, exitCode, 0) != 0)
        {
            // Second signal: no more waiting for a clean stop.
            AtomicFile.DeleteAllPending();
            return;
        }
        context.Cancel = true;
        Console.Error.WriteLine();
        Console.Error.WriteLine(_message);
        _cts.Cancel();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _cts.Dispose();
    }
}
