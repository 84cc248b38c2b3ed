using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Siamese.ML;

/// <summary>
/// What the transforms of this library share about the columns they add after their input's: the output schema, the
/// estimator-side shape, and which input and added columns a cursor needs.
/// </summary>
internal static class AddedColumns
{
    /// <summary>The input's columns (hidden ones included, indices kept) followed by <paramref name="added"/>.</summary>
    public static DataViewSchema Schema(DataViewSchema input, IEnumerable<(string Name, DataViewType Type)> added)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        foreach (var (name, type) in added) builder.AddColumn(name, type);
        return builder.ToSchema();
    }

    /// <summary>
    /// An estimator that only declares <typeparamref name="TShape"/>'s members as output columns under
    /// <paramref name="names"/> (in member order): ML.NET keeps <c>SchemaShape.Column</c>'s constructor internal
    /// (dotnet/machinelearning#3243), so a never-run CustomMapping provides the output shape.
    /// </summary>
    public static IEstimator<ITransformer> ShapeOf<TShape>(TransformsCatalog catalog, IReadOnlyList<string> members, IReadOnlyList<string> names,
        Action<SchemaDefinition.Column>? adjust = null) where TShape : class, new()
    {
        var output = SchemaDefinition.Create(typeof(TShape));
        // The indexer finds columns by their current name: take them all first, then rename (names may be swapped).
        var columns = members.Select(m => output[m]).ToArray();
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i].ColumnName = names[i];
            adjust?.Invoke(columns[i]);
        }
        return catalog.CustomMapping<NoColumns, TShape>((_, _) => { }, contractName: null, outputSchemaDefinition: output);
    }

    /// <summary>
    /// Splits a cursor's requested columns: the input columns to pass through and which added columns are active.
    /// </summary>
    public static (List<DataViewSchema.Column> Input, bool[] ActiveAdded) Split(DataViewSchema input, DataViewSchema output,
        IEnumerable<DataViewSchema.Column> columnsNeeded)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        int n = input.Count;
        var active = new bool[output.Count - n];
        var inputColumns = new List<DataViewSchema.Column>();
        foreach (var c in columnsNeeded)
        {
            if (c.Index < n) inputColumns.Add(input[c.Index]);
            else active[c.Index - n] = true;
        }
        return (inputColumns, active);
    }

    /// <summary>Checks the names of the added columns: none empty, none used twice.</summary>
    /// <exception cref="ArgumentException">The message names the transform and the name.</exception>
    public static void CheckNames(string transform, IReadOnlyList<string> names, string parameter)
    {
        if (names.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException($"{transform}: an output column name is empty", parameter);
        var twice = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new ArgumentException($"{transform}: output column name '{twice.Key}' is used twice", parameter);
    }

    /// <summary><paramref name="columns"/> plus <paramref name="more"/>, each once.</summary>
    public static IEnumerable<DataViewSchema.Column> With(IEnumerable<DataViewSchema.Column> columns, IEnumerable<DataViewSchema.Column> more) =>
        columns.Concat(more).DistinctBy(c => c.Index);

    /// <summary>No input columns (the shape-only mapping reads none).</summary>
    internal sealed class NoColumns;
}
