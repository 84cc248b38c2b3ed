using System.Buffers.Binary;

namespace MLNet.Siamese.Imaging.Codecs;

/// <summary>
/// EXIF orientation (tag 0x0112) of a JPEG, applied the way OpenCV's <c>imread</c> does by default
/// (transpose and/or flips), so that decoded frames match what Python reference code sees.
/// </summary>
internal static class ExifOrientation
{
    /// <summary>The orientation value 1..8 stored in the JPEG's APP1/Exif segment; 1 (as stored) when absent or malformed.</summary>
    public static int ReadFromJpeg(ReadOnlySpan<byte> jpeg)
    {
        int pos = 2; // after SOI
        while (pos + 4 <= jpeg.Length)
        {
            if (jpeg[pos] != 0xFF) return 1;
            byte marker = jpeg[pos + 1];
            if (marker == 0xFF) { pos++; continue; } // fill byte
            if (marker == 0xDA || marker == 0xD9) return 1; // image data starts: EXIF must come before
            if (marker is >= 0xD0 and <= 0xD7 or 0x01) { pos += 2; continue; } // markers without a length
            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(pos + 2)..]);
            if (length < 2 || pos + 2 + length > jpeg.Length) return 1;
            var segment = jpeg.Slice(pos + 4, length - 2);
            if (marker == 0xE1 && segment.StartsWith("Exif\0\0"u8))
                return ReadFromTiff(segment[6..]);
            pos += 2 + length;
        }
        return 1;
    }

    /// <summary>Orientation from a TIFF structure (the EXIF payload): IFD0 entry 0x0112.</summary>
    private static int ReadFromTiff(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8) return 1;
        bool little = tiff[0] == (byte)'I' && tiff[1] == (byte)'I';
        if (!little && !(tiff[0] == (byte)'M' && tiff[1] == (byte)'M')) return 1;
        uint ifd = U32(tiff[4..], little);
        if (ifd > (uint)tiff.Length - 2) return 1;
        int count = U16(tiff[(int)ifd..], little);
        for (int i = 0; i < count; i++)
        {
            long entry = ifd + 2 + 12L * i;
            if (entry + 12 > tiff.Length) return 1;
            var e = tiff.Slice((int)entry, 12);
            if (U16(e, little) != 0x0112) continue;
            if (U16(e[2..], little) != 3 || U32(e[4..], little) != 1) return 1; // must be one SHORT
            int value = U16(e[8..], little);
            return value is >= 1 and <= 8 ? value : 1;
        }
        return 1;
    }

    private static ushort U16(ReadOnlySpan<byte> s, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);

    private static uint U32(ReadOnlySpan<byte> s, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);

    /// <summary>True when the orientation swaps width and height (5..8).</summary>
    public static bool SwapsAxes(int orientation) => orientation >= 5;

    /// <summary>
    /// Writes <paramref name="source"/> (<paramref name="width"/>×<paramref name="height"/>, BGR, tight rows) into
    /// <paramref name="destination"/> re-oriented, with rows of <paramref name="destinationStride"/> bytes.
    /// Same mapping as OpenCV: 2 flip x, 3 rotate 180, 4 flip y, 5 transpose, 6 rotate 90° clockwise,
    /// 7 transverse, 8 rotate 90° counter-clockwise.
    /// </summary>
    public static void Apply(ReadOnlySpan<byte> source, int width, int height, int orientation, Span<byte> destination, int destinationStride)
    {
        int srcStride = width * 3;
        int outW = SwapsAxes(orientation) ? height : width, outH = SwapsAxes(orientation) ? width : height;
        for (int y = 0; y < outH; y++)
        {
            // Source byte offset of output pixel (0, y) and the source step per output pixel along x.
            (int start, int step) = orientation switch
            {
                2 => ((width - 1) * 3 + y * srcStride, -3),
                3 => ((width - 1) * 3 + (height - 1 - y) * srcStride, -3),
                4 => ((height - 1 - y) * srcStride, 3),
                5 => (y * 3, srcStride),
                6 => (y * 3 + (height - 1) * srcStride, -srcStride),
                7 => ((width - 1 - y) * 3 + (height - 1) * srcStride, -srcStride),
                8 => ((width - 1 - y) * 3, srcStride),
                _ => (y * srcStride, 3),
            };
            var row = destination.Slice(y * destinationStride, outW * 3);
            for (int x = 0, s = start; x < outW; x++, s += step)
            {
                row[3 * x] = source[s];
                row[3 * x + 1] = source[s + 1];
                row[3 * x + 2] = source[s + 2];
            }
        }
    }
}
