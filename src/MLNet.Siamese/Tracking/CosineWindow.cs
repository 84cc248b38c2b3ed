namespace MLNet.Siamese.Tracking;

/// <summary>The penalty window over a score map: <c>outer(hanning(S), hanning(S))</c> flattened row-major, as numpy computes it.</summary>
internal static class CosineWindow
{
    /// <summary>
    /// numpy's <c>hanning(n)</c>, evaluated the way numpy does (<c>0.5 + 0.5 cos(π m/(n-1))</c> for
    /// <c>m = 1-n, 3-n, …, n-1</c>) so the values match to the last bit; <c>[1]</c> for n = 1.
    /// </summary>
    public static double[] Hanning(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        if (n == 1) return [1.0];
        var w = new double[n];
        for (int k = 0; k < n; k++)
            w[k] = 0.5 + 0.5 * Math.Cos(Math.PI * (1 - n + 2 * k) / (n - 1));
        return w;
    }

    /// <summary>The S×S window, row-major.</summary>
    public static double[] Outer(int size)
    {
        var h = Hanning(size);
        var window = new double[size * size];
        for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++)
                window[i * size + j] = h[i] * h[j];
        return window;
    }
}
