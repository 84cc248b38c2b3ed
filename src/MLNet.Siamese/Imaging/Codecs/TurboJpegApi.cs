using System.Runtime.InteropServices;

namespace MLNet.Siamese.Imaging.Codecs;

/// <summary>The few libturbojpeg (TurboJPEG 2.x API) entry points the JPEG decoder needs, resolved once per process.</summary>
internal sealed unsafe class TurboJpegApi
{
    /// <summary>Soname of the Debian/Ubuntu package <c>libturbojpeg0</c>.</summary>
    public const string LibraryName = "libturbojpeg.so.0";

    /// <summary>What to tell the user when the library is missing.</summary>
    public const string InstallHint = "install it with `sudo apt-get install libturbojpeg0` (or run scripts/setup.sh)";

    /// <summary>TJPF_BGR: 3 bytes per pixel, B,G,R — OpenCV's layout.</summary>
    public const int PixelFormatBgr = 1;

    /// <summary>TJFLAG_STOPONWARNING: abort on libjpeg warnings (truncated/corrupt data) instead of returning a partial image.</summary>
    public const int FlagStopOnWarning = 8192;

    /// <summary>TJFLAG_LIMITSCANS: reject progressive files with an absurd number of scans (decoding-time bomb).</summary>
    public const int FlagLimitScans = 32768;

    // PublicationOnly: a failed load is not cached, so installing the package later in the process still works.
    private static readonly Lazy<TurboJpegApi> s_default = new(() => new TurboJpegApi(LibraryName), LazyThreadSafetyMode.PublicationOnly);

    /// <summary>The system library; throws <see cref="NativeDependencyException"/> when it is not installed.</summary>
    public static TurboJpegApi Default => s_default.Value;

    /// <summary>Loads <paramref name="libraryName"/> (tests pass a bogus name to check the error path).</summary>
    public TurboJpegApi(string libraryName)
    {
        const string dep = "libturbojpeg";
        var lib = NativeLibraryLoader.Load(dep, InstallHint, libraryName);
        InitDecompress = (delegate* unmanaged<IntPtr>)NativeLibraryLoader.Export(lib, "tjInitDecompress", dep, InstallHint);
        DecompressHeader3 = (delegate* unmanaged<IntPtr, byte*, CULong, int*, int*, int*, int*, int>)
            NativeLibraryLoader.Export(lib, "tjDecompressHeader3", dep, InstallHint);
        Decompress2 = (delegate* unmanaged<IntPtr, byte*, CULong, byte*, int, int, int, int, int, int>)
            NativeLibraryLoader.Export(lib, "tjDecompress2", dep, InstallHint);
        GetErrorStr2 = (delegate* unmanaged<IntPtr, byte*>)NativeLibraryLoader.Export(lib, "tjGetErrorStr2", dep, InstallHint);
        GetErrorCode = (delegate* unmanaged<IntPtr, int>)NativeLibraryLoader.Export(lib, "tjGetErrorCode", dep, InstallHint);
        Destroy = (delegate* unmanaged<IntPtr, int>)NativeLibraryLoader.Export(lib, "tjDestroy", dep, InstallHint);
    }

    /// <summary><c>tjhandle tjInitDecompress(void)</c></summary>
    public readonly delegate* unmanaged<IntPtr> InitDecompress;

    /// <summary><c>int tjDecompressHeader3(handle, jpegBuf, unsigned long jpegSize, int* width, int* height, int* subsamp, int* colorspace)</c></summary>
    public readonly delegate* unmanaged<IntPtr, byte*, CULong, int*, int*, int*, int*, int> DecompressHeader3;

    /// <summary><c>int tjDecompress2(handle, jpegBuf, unsigned long jpegSize, dstBuf, width, pitch, height, pixelFormat, flags)</c></summary>
    public readonly delegate* unmanaged<IntPtr, byte*, CULong, byte*, int, int, int, int, int, int> Decompress2;

    /// <summary><c>char* tjGetErrorStr2(handle)</c></summary>
    public readonly delegate* unmanaged<IntPtr, byte*> GetErrorStr2;

    /// <summary><c>int tjGetErrorCode(handle)</c>: 0 = warning, 1 = fatal.</summary>
    public readonly delegate* unmanaged<IntPtr, int> GetErrorCode;

    /// <summary><c>int tjDestroy(handle)</c></summary>
    public readonly delegate* unmanaged<IntPtr, int> Destroy;

    /// <summary>The last error message of <paramref name="handle"/>.</summary>
    public string ErrorMessage(IntPtr handle)
    {
        var text = GetErrorStr2(handle);
        return text is null ? "unknown libturbojpeg error" : Marshal.PtrToStringUTF8((IntPtr)text) ?? "unknown libturbojpeg error";
    }
}
