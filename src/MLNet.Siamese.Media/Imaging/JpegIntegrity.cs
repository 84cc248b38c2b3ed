namespace MLNet.Siamese.Imaging.Codecs;

/// <summary>
/// Tells whether a JPEG file is complete: its marker segments and entropy-coded data run up to the end-of-image marker.
/// </summary>
/// <remarks>
/// Written by hand because OpenCV cannot tell: libjpeg reports a truncated file only as a warning, fills the missing
/// rows with grey, and <c>cv::imdecode</c> returns that image as a success. A structural walk of the markers (no pixel
/// decoding: a few microseconds per file) catches every truncation; damage inside the entropy-coded data that keeps the
/// structure intact stays undetectable without a decoder that reports warnings.
/// </remarks>
internal static class JpegIntegrity
{
    /// <summary>True when <paramref name="data"/> starts like a JPEG file (SOI marker).</summary>
    public static bool IsJpeg(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;

    /// <summary>Null for a complete JPEG; otherwise what is wrong, for an error message.</summary>
    public static string? Problem(ReadOnlySpan<byte> data)
    {
        int p = 2; // after SOI
        while (true)
        {
            // Next marker: 0xFF, optional 0xFF fill bytes, then the marker code.
            if (p >= data.Length) return Truncated(data.Length);
            if (data[p] != 0xFF) return $"corrupt JPEG: no marker at byte {p}";
            while (p < data.Length && data[p] == 0xFF) p++;
            if (p >= data.Length) return Truncated(data.Length);
            byte marker = data[p++];
            if (marker == 0xD9) return null;                            // EOI
            if (marker is >= 0xD0 and <= 0xD7 or 0x01) continue;         // RSTn, TEM: no length
            if (p + 2 > data.Length) return Truncated(data.Length);
            int length = (data[p] << 8) | data[p + 1];
            if (length < 2) return $"corrupt JPEG: segment length {length} at byte {p}";
            p += length;
            if (marker != 0xDA) continue;                              // not SOS: next marker follows the segment
            // Entropy-coded data after SOS: runs to the next marker that is neither a stuffed 0xFF00 nor RSTn.
            while (true)
            {
                if (p >= data.Length) return Truncated(data.Length);
                int next = data[p..].IndexOf((byte)0xFF);
                if (next < 0) return Truncated(data.Length);
                p += next;
                if (p + 1 >= data.Length) return Truncated(data.Length);
                byte b = data[p + 1];
                if (b == 0x00 || b is >= 0xD0 and <= 0xD7) { p += 2; continue; }
                if (b == 0xFF) { p++; continue; }                       // fill byte before a marker
                break;                                                  // a real marker: back to the segment walk
            }
        }
    }

    private static string Truncated(int length) => $"truncated JPEG: the data ends after {length} bytes, before the end-of-image marker";
}
