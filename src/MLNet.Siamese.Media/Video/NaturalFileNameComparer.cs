namespace MLNet.Siamese.Video;

/// <summary>
/// Orders file names the way people number frames: digit runs compare by value (<c>img2.jpg</c> before
/// <c>img10.jpg</c>), other characters case-insensitively; exact ties fall back to ordinal order so the sort is total.
/// </summary>
public sealed class NaturalFileNameComparer : IComparer<string>
{
    /// <summary>The shared instance.</summary>
    public static NaturalFileNameComparer Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                int c = CompareNumbers(x, ref i, y, ref j);
                if (c != 0) return c;
                continue;
            }
            int d = char.ToUpperInvariant(x[i]).CompareTo(char.ToUpperInvariant(y[j]));
            if (d != 0) return d;
            i++;
            j++;
        }
        if (i < x.Length || j < y.Length) return i < x.Length ? 1 : -1;
        return string.CompareOrdinal(x, y);
    }

    /// <summary>Compares the digit runs starting at i and j by value (any length, no overflow), advancing past them.</summary>
    private static int CompareNumbers(string x, ref int i, string y, ref int j)
    {
        while (i < x.Length - 1 && x[i] == '0' && char.IsAsciiDigit(x[i + 1])) i++;
        while (j < y.Length - 1 && y[j] == '0' && char.IsAsciiDigit(y[j + 1])) j++;
        int si = i, sj = j;
        while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
        while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
        int lx = i - si, ly = j - sj;
        if (lx != ly) return lx.CompareTo(ly);
        return string.CompareOrdinal(x, si, y, sj, lx);
    }
}
