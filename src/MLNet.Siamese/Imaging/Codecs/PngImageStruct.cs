using System.Runtime.InteropServices;

namespace MLNet.Siamese.Imaging.Codecs;

/// <summary>
/// Mirror of libpng's <c>png_image</c> (png.h, simplified API, PNG_IMAGE_VERSION 1): a pointer followed by seven
/// <c>png_uint_32</c> and a 64-byte message; 104 bytes on 64-bit targets.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PngImageStruct
{
    /// <summary><c>png_controlp opaque</c>: NULL before begin_read, freed by png_image_free.</summary>
    public IntPtr Opaque;

    /// <summary>Must be <see cref="LibPngApi.ImageVersion"/>.</summary>
    public uint Version;

    /// <summary>Width in pixels.</summary>
    public uint Width;

    /// <summary>Height in pixels.</summary>
    public uint Height;

    /// <summary>PNG_FORMAT_* of the file after begin_read; the wanted output format before finish_read.</summary>
    public uint Format;

    /// <summary>PNG_IMAGE_FLAG_* bits.</summary>
    public uint Flags;

    /// <summary>Colour-map entries (unused: no colour-mapped output here).</summary>
    public uint ColormapEntries;

    /// <summary>0 ok, 1 warning, 2 error, 3 error after a warning.</summary>
    public uint WarningOrError;

    /// <summary>NUL-terminated message of the last warning or error.</summary>
    public fixed byte Message[64];
}
