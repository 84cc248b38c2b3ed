namespace MLNet.Siamese.Output;

/// <summary>RFC 4180 quoting of one CSV field, shared by every CSV the library writes.</summary>
internal static class CsvField
{
    /// <summary><paramref name="text"/> as it is, or in double quotes (inner quotes doubled) when it holds a comma, quote or line break.</summary>
    public static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
}
