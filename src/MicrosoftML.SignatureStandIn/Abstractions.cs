// Signatures checked against ../shared/docs/mlnet.md ("facts from the dotnet/machinelearning sources"); each member cites
// the line it was checked against. Only what MLNet.Siamese.ML and samples/MLNetPipeline use is declared.
using Microsoft.ML.Data;

namespace Microsoft.ML;

// mlnet.md "Public, usable by a third-party library": "`IDataView`: `CanShuffle`, `GetRowCount()`, `GetRowCursor(...)`, ... `Schema`".
// Only the type is used (members omitted).
public interface IDataView
{
}

// mlnet.md: "`ITransformer : ICanSaveModel`: `GetOutputSchema(DataViewSchema)`, `Transform(IDataView)`, ...". Only Transform is used.
public interface ITransformer
{
    // mlnet.md: "`Transform(IDataView)`" (returns IDataView).
    IDataView Transform(IDataView input);
}

// mlnet.md: "`IEstimator<TTransformer>`: `Fit(IDataView)`, `GetOutputSchema(SchemaShape)`". Only Fit is used.
public interface IEstimator<out TTransformer> where TTransformer : ITransformer
{
    // mlnet.md: "`Fit(IDataView)`".
    TTransformer Fit(IDataView input);
}

// mlnet.md "Exact public signatures": "`public sealed class MLContext` with `public MLContext(int? seed = null)`,
// `public TransformsCatalog Transforms { get; }`, `public DataOperationsCatalog Data { get; }`,
// `public ComponentCatalog ComponentCatalog { get; }`".
public sealed class MLContext
{
    public MLContext(int? seed = null) => throw StandIn.Fail();

    public TransformsCatalog Transforms => throw StandIn.Fail();

    public DataOperationsCatalog Data => throw StandIn.Fail();

    public Runtime.ComponentCatalog ComponentCatalog => throw StandIn.Fail();
}

// mlnet.md: "`public sealed class TransformsCatalog`" (no public constructor is used).
public sealed class TransformsCatalog
{
    private TransformsCatalog() { }
}

// mlnet.md: "`namespace Microsoft.ML` (class `DataOperationsCatalog`): `IDataView LoadFromEnumerable<TRow>(IEnumerable<TRow>
// data, SchemaDefinition schemaDefinition = null)`; `IEnumerable<TRow> CreateEnumerable<TRow>(IDataView data,
// bool reuseRowObject, ...)`". The real CreateEnumerable has further optional parameters ("..."), omitted: calls with
// two arguments bind to it unchanged. The row constraint (class) is satisfied by every row type used here.
public sealed class DataOperationsCatalog
{
    private DataOperationsCatalog() { }

    public IDataView LoadFromEnumerable<TRow>(System.Collections.Generic.IEnumerable<TRow> data, SchemaDefinition schemaDefinition = null)
        where TRow : class => throw StandIn.Fail();

    public System.Collections.Generic.IEnumerable<TRow> CreateEnumerable<TRow>(IDataView data, bool reuseRowObject)
        where TRow : class, new() => throw StandIn.Fail();
}
