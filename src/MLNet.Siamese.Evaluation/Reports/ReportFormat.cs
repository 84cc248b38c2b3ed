using System.Globalization;

namespace MLNet.Siamese.Evaluation.Reports;

/// <summary>Number formatting shared by the text reports.</summary>
internal static class ReportFormat
{
    /// <summary>Three decimals of the exact binary value (as Python's <c>"%.3f"</c>: 0.8875 → 0.887); empty for null.</summary>
    public static string Score(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "";

    /// <summary>One decimal; empty for null.</summary>
    public static string Speed(double? value) => value is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) : "";

    /// <summary>Protocol name as written on the command line.</summary>
    public static string Name(EvaluationProtocol protocol) => protocol.ToString().ToLowerInvariant();
}
