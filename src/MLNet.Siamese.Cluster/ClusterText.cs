namespace MLNet.Siamese.Cluster;

/// <summary>Messages on one line.</summary>
internal static class ClusterText
{
    /// <summary>An exception's message on one line, at most 300 characters (its inner one's when it wraps one).</summary>
    public static string OneLine(Exception ex)
    {
        var inner = ex is AggregateException { InnerException: { } i } ? i : ex;
        string line = string.Join("; ", inner.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        // Some messages (storage providers, Redis time-outs) carry whole diagnostics: the start says what happened.
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
