using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Siamese.ML;

/// <summary>
/// Checks and reads typed input columns for the tracking transforms: numeric columns of any of ML.NET's usual numeric
/// types (Single, Double, Int32, Int64, UInt32, UInt64, Int16, Byte…) are converted to <see cref="double"/>, text or
/// integer columns to <see cref="string"/>. Every mismatch is reported naming the transform, the column, the expected
/// and the actual type, at Fit / GetOutputSchema time rather than while rows are read.
/// </summary>
internal static class InputColumns
{
    private static readonly Type[] NumericTypes =
        [typeof(float), typeof(double), typeof(int), typeof(long), typeof(short), typeof(sbyte), typeof(uint), typeof(ulong), typeof(ushort), typeof(byte)];

    public static bool IsNumeric(Type t) => NumericTypes.Contains(t);

    public static bool IsIntegral(Type t) => IsNumeric(t) && t != typeof(float) && t != typeof(double);

    /// <summary>The expected kinds of column, for messages and checks.</summary>
    public enum Kind { Text, Number, Integer, TextOrInteger, NumberVector4 }

    public static string Describe(Kind kind) => kind switch
    {
        Kind.Text => "Text (String)",
        Kind.Number => "a numeric scalar (Single, Double, Int32, Int64…)",
        Kind.Integer => "an integer scalar (Int32, Int64…)",
        Kind.TextOrInteger => "Text or an integer scalar",
        Kind.NumberVector4 => "a numeric vector of 4 values (x, y, width, height)",
        _ => kind.ToString(),
    };

    /// <summary>Checks a column of a data view schema.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Missing or of the wrong type.</exception>
    public static DataViewSchema.Column Require(string transform, DataViewSchema schema, string name, Kind kind)
    {
        var col = schema.GetColumnOrNull(name)
                  ?? throw new ArgumentOutOfRangeException(nameof(schema),
                      $"{transform}: input column '{name}' not found; expected {Describe(kind)} (input columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))})");
        if (!Fits(col.Type, kind))
            throw new ArgumentOutOfRangeException(nameof(schema), $"{transform}: input column '{name}' must be {Describe(kind)}, found {col.Type}");
        return col;
    }

    /// <summary>Checks a column of a schema shape (estimator side).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Missing or of the wrong type.</exception>
    public static void Require(string transform, SchemaShape shape, string name, Kind kind)
    {
        if (!TryFind(shape, name, out var col))
            throw new ArgumentOutOfRangeException(nameof(shape),
                $"{transform}: input column '{name}' not found; expected {Describe(kind)} (input columns: {string.Join(", ", shape.Select(c => c.Name))})");
        bool ok = kind switch
        {
            Kind.Text => col.Kind == SchemaShape.Column.VectorKind.Scalar && col.ItemType is TextDataViewType,
            Kind.Number => col.Kind == SchemaShape.Column.VectorKind.Scalar && !col.IsKey && IsNumeric(col.ItemType.RawType),
            Kind.Integer => col.Kind == SchemaShape.Column.VectorKind.Scalar && !col.IsKey && IsIntegral(col.ItemType.RawType),
            Kind.TextOrInteger => col.Kind == SchemaShape.Column.VectorKind.Scalar
                                  && (col.ItemType is TextDataViewType || (!col.IsKey && IsIntegral(col.ItemType.RawType))),
            Kind.NumberVector4 => col.Kind != SchemaShape.Column.VectorKind.Scalar && !col.IsKey && IsNumeric(col.ItemType.RawType),
            _ => false,
        };
        if (!ok)
        {
            string found = (col.Kind == SchemaShape.Column.VectorKind.Scalar ? "" : "Vector<") + col.ItemType
                           + (col.Kind == SchemaShape.Column.VectorKind.Scalar ? "" : ">") + (col.IsKey ? " (key)" : "");
            throw new ArgumentOutOfRangeException(nameof(shape), $"{transform}: input column '{name}' must be {Describe(kind)}, found {found}");
        }
    }

    /// <summary>The last column named <paramref name="name"/> (the visible one), as ML.NET resolves names.</summary>
    public static bool TryFind(SchemaShape shape, string name, out SchemaShape.Column column)
    {
        for (int i = shape.Count - 1; i >= 0; i--)
        {
            if (shape[i].Name == name)
            {
                column = shape[i];
                return true;
            }
        }
        column = default;
        return false;
    }

    private static bool Fits(DataViewType type, Kind kind) => kind switch
    {
        Kind.Text => type is TextDataViewType,
        Kind.Number => type is not KeyDataViewType && IsNumeric(type.RawType),
        Kind.Integer => type is not KeyDataViewType && IsIntegral(type.RawType),
        Kind.TextOrInteger => type is TextDataViewType || (type is not KeyDataViewType && IsIntegral(type.RawType)),
        Kind.NumberVector4 => type is VectorDataViewType v && (v.Size == 0 || v.Size == 4) && IsNumeric(v.ItemType.RawType),
        _ => false,
    };

    /// <summary>A getter converting a numeric scalar column of <paramref name="row"/> to double.</summary>
    public static Func<double> Number(DataViewRow row, DataViewSchema.Column col)
    {
        var t = col.Type.RawType;
        if (t == typeof(float)) { var g = row.GetGetter<float>(col); return () => { float v = 0; g(ref v); return v; }; }
        if (t == typeof(double)) { var g = row.GetGetter<double>(col); return () => { double v = 0; g(ref v); return v; }; }
        if (t == typeof(int)) { var g = row.GetGetter<int>(col); return () => { int v = 0; g(ref v); return v; }; }
        if (t == typeof(long)) { var g = row.GetGetter<long>(col); return () => { long v = 0; g(ref v); return v; }; }
        if (t == typeof(short)) { var g = row.GetGetter<short>(col); return () => { short v = 0; g(ref v); return v; }; }
        if (t == typeof(sbyte)) { var g = row.GetGetter<sbyte>(col); return () => { sbyte v = 0; g(ref v); return v; }; }
        if (t == typeof(uint)) { var g = row.GetGetter<uint>(col); return () => { uint v = 0; g(ref v); return v; }; }
        if (t == typeof(ulong)) { var g = row.GetGetter<ulong>(col); return () => { ulong v = 0; g(ref v); return v; }; }
        if (t == typeof(ushort)) { var g = row.GetGetter<ushort>(col); return () => { ushort v = 0; g(ref v); return v; }; }
        if (t == typeof(byte)) { var g = row.GetGetter<byte>(col); return () => { byte v = 0; g(ref v); return v; }; }
        throw new ArgumentOutOfRangeException(nameof(col), $"column '{col.Name}' of type {col.Type} is not numeric");
    }

    /// <summary>A getter of a numeric vector column as doubles (any length; the caller checks it).</summary>
    public static Func<double[]> NumberVector(DataViewRow row, DataViewSchema.Column col)
    {
        var t = ((VectorDataViewType)col.Type).ItemType.RawType;
        if (t == typeof(float)) return Vector<float>(row, col, v => v);
        if (t == typeof(double)) return Vector<double>(row, col, v => v);
        if (t == typeof(int)) return Vector<int>(row, col, v => v);
        if (t == typeof(long)) return Vector<long>(row, col, v => v);
        if (t == typeof(short)) return Vector<short>(row, col, v => v);
        if (t == typeof(sbyte)) return Vector<sbyte>(row, col, v => v);
        if (t == typeof(uint)) return Vector<uint>(row, col, v => v);
        if (t == typeof(ulong)) return Vector<ulong>(row, col, v => v);
        if (t == typeof(ushort)) return Vector<ushort>(row, col, v => v);
        if (t == typeof(byte)) return Vector<byte>(row, col, v => v);
        throw new ArgumentOutOfRangeException(nameof(col), $"column '{col.Name}' of type {col.Type} is not a numeric vector");
    }

    private static Func<double[]> Vector<T>(DataViewRow row, DataViewSchema.Column col, Func<T, double> convert)
    {
        var g = row.GetGetter<VBuffer<T>>(col);
        VBuffer<T> buffer = default;
        return () =>
        {
            g(ref buffer);
            var dense = buffer.DenseValues().ToArray();
            var result = new double[dense.Length];
            for (int i = 0; i < dense.Length; i++) result[i] = convert(dense[i]);
            return result;
        };
    }

    /// <summary><paramref name="path"/> under <paramref name="folder"/> when it is relative and a folder is given (as LoadImages' imageFolder).</summary>
    public static string InFolder(string? folder, string path) =>
        folder is not null && path.Length > 0 && !Path.IsPathRooted(path) ? Path.Combine(folder, path) : path;

    /// <summary>A getter of a text or integer column as a string.</summary>
    public static Func<string> Text(DataViewRow row, DataViewSchema.Column col)
    {
        if (col.Type is TextDataViewType)
        {
            var g = row.GetGetter<ReadOnlyMemory<char>>(col);
            return () => { ReadOnlyMemory<char> v = default; g(ref v); return v.ToString(); };
        }
        var number = Number(row, col);
        return () => number().ToString(CultureInfo.InvariantCulture);
    }
}
