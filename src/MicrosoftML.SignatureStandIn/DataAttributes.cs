// Signatures checked against ../shared/docs/mlnet.md; each member cites the line it was checked against.
namespace Microsoft.ML.Data;

// mlnet.md: "`namespace Microsoft.ML.Data`: `VectorTypeAttribute()` (variable size), `VectorTypeAttribute(int size)`";
// "arrays need `[VectorType]`".
[System.AttributeUsage(System.AttributeTargets.Field | System.AttributeTargets.Property)]
public sealed class VectorTypeAttribute : System.Attribute
{
    public VectorTypeAttribute() { }

    public VectorTypeAttribute(int size) { }
}

// mlnet.md: "`ColumnNameAttribute(string name)`".
[System.AttributeUsage(System.AttributeTargets.Field | System.AttributeTargets.Property)]
public sealed class ColumnNameAttribute : System.Attribute
{
    public ColumnNameAttribute(string name) { }
}

// mlnet.md: "`SchemaDefinition`" (namespace Microsoft.ML.Data). Only used as the type of optional parameters.
public sealed class SchemaDefinition
{
    private SchemaDefinition() { }
}
