using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace MLNet.Siamese.Video;

/// <summary>
/// Enlarges a Linux pipe's kernel buffer (fcntl F_SETPIPE_SZ) so ffmpeg can write a whole frame while the reader is
/// busy, halving context switches for large frames. Best effort: silently does nothing elsewhere or on failure.
/// </summary>
internal static unsafe class PipeBuffer
{
    private const int SetPipeSize = 1031; // F_SETPIPE_SZ = F_LINUX_SPECIFIC_BASE (1024) + 7

    private static readonly IntPtr s_fcntl = Resolve();

    private static IntPtr Resolve()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libc.so.6", out var libc)) return IntPtr.Zero;
        return NativeLibrary.TryGetExport(libc, "fcntl", out var fcntl) ? fcntl : IntPtr.Zero;
    }

    /// <summary>Asks for <paramref name="bytes"/> of buffer on the pipe behind <paramref name="stream"/>; true when granted.</summary>
    public static bool TryEnlarge(Stream stream, int bytes)
    {
        if (s_fcntl == IntPtr.Zero || stream is not PipeStream pipe) return false;
        bool added = false;
        var handle = pipe.SafePipeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            // fcntl is variadic; an int third argument is passed like a fixed one on x86-64 and AArch64 Linux.
            return ((delegate* unmanaged<int, int, int, int>)s_fcntl)(fd, SetPipeSize, bytes) >= bytes;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }
}
