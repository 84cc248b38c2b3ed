using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Siamese.ML;

/// <summary>
/// The box columns of <see cref="TrackingTransformOptions"/> — one 4-element numeric vector column, or four numeric
/// scalar columns x, y, width, height — resolved, checked and read the same way by every transform of this library.
/// </summary>
internal static class BoxColumns
{
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type; the message names it.</exception>
    public static DataViewSchema.Column[] Bind(string transform, TrackingTransformOptions options, DataViewSchema schema) =>
        options.BoxColumnName is { } b
            ? [InputColumns.Require(transform, schema, b, InputColumns.Kind.NumberVector4)]
            : [.. options.ScalarBoxColumns.Select(n => InputColumns.Require(transform, schema, n, InputColumns.Kind.Number))];

    /// <summary>The same checks on an estimator's input shape.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type.</exception>
    public static void Check(string transform, TrackingTransformOptions options, SchemaShape shape)
    {
        if (options.BoxColumnName is { } b) InputColumns.Require(transform, shape, b, InputColumns.Kind.NumberVector4);
        else
            foreach (var n in options.ScalarBoxColumns) InputColumns.Require(transform, shape, n, InputColumns.Kind.Number);
    }

    /// <summary>A getter of the current row's box values (any length for a vector column; the caller checks it).</summary>
    public static Func<double[]> Reader(DataViewRow row, DataViewSchema.Column[] columns)
    {
        if (columns.Length == 1) return InputColumns.NumberVector(row, columns[0]);
        var getters = columns.Select(c => InputColumns.Number(row, c)).ToArray();
        return () => [.. getters.Select(g => g())];
    }

    /// <summary>How messages name the box columns.</summary>
    public static string Describe(DataViewSchema.Column[] columns) => columns.Length == 1 ? $"column '{columns[0].Name}'" : "box columns";
}
