namespace MLNet.Siamese.Imaging.Codecs;

/// <summary>The libpng 1.6 simplified-API read entry points, resolved once per process.</summary>
internal sealed unsafe class LibPngApi
{
    /// <summary>Soname of the Debian/Ubuntu package <c>libpng16-16</c>.</summary>
    public const string LibraryName = "libpng16.so.16";

    /// <summary>What to tell the user when the library is missing.</summary>
    public const string InstallHint = "install it with `sudo apt-get install libpng16-16` (or run scripts/setup.sh)";

    /// <summary>PNG_IMAGE_VERSION.</summary>
    public const uint ImageVersion = 1;

    /// <summary>PNG_FORMAT_FLAG_ALPHA.</summary>
    public const uint FormatFlagAlpha = 0x01;

    /// <summary>PNG_FORMAT_FLAG_LINEAR (16-bit channels).</summary>
    public const uint FormatFlagLinear = 0x04;

    /// <summary>PNG_FORMAT_BGR = COLOR | BGR.</summary>
    public const uint FormatBgr = 0x12;

    /// <summary>PNG_FORMAT_BGRA = COLOR | BGR | ALPHA.</summary>
    public const uint FormatBgra = 0x13;

    /// <summary>PNG_IMAGE_FLAG_16BIT_sRGB: treat 16-bit data without gAMA as sRGB (as OpenCV does) rather than linear.</summary>
    public const uint Flag16BitSrgb = 0x04;

    private static readonly Lazy<LibPngApi> s_default = new(() => new LibPngApi(LibraryName), LazyThreadSafetyMode.PublicationOnly);

    /// <summary>The system library; throws <see cref="NativeDependencyException"/> when it is not installed.</summary>
    public static LibPngApi Default => s_default.Value;

    /// <summary>Loads <paramref name="libraryName"/> (tests pass a bogus name to check the error path).</summary>
    public LibPngApi(string libraryName)
    {
        const string dep = "libpng";
        var lib = NativeLibraryLoader.Load(dep, InstallHint, libraryName);
        BeginReadFromMemory = (delegate* unmanaged<PngImageStruct*, void*, nuint, int>)
            NativeLibraryLoader.Export(lib, "png_image_begin_read_from_memory", dep, InstallHint);
        FinishRead = (delegate* unmanaged<PngImageStruct*, void*, void*, int, void*, int>)
            NativeLibraryLoader.Export(lib, "png_image_finish_read", dep, InstallHint);
        Free = (delegate* unmanaged<PngImageStruct*, void>)NativeLibraryLoader.Export(lib, "png_image_free", dep, InstallHint);
    }

    /// <summary><c>int png_image_begin_read_from_memory(png_imagep, png_const_voidp memory, size_t size)</c>; non-zero on success.</summary>
    public readonly delegate* unmanaged<PngImageStruct*, void*, nuint, int> BeginReadFromMemory;

    /// <summary><c>int png_image_finish_read(png_imagep, png_const_colorp background, void* buffer, png_int_32 row_stride, void* colormap)</c>.</summary>
    public readonly delegate* unmanaged<PngImageStruct*, void*, void*, int, void*, int> FinishRead;

    /// <summary><c>void png_image_free(png_imagep)</c>.</summary>
    public readonly delegate* unmanaged<PngImageStruct*, void> Free;
}
