// Signatures checked against ../shared/docs/mlnet.md; each member cites the line it was checked against.
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Microsoft.ML
{
    // mlnet.md: "`namespace Microsoft.ML`: `public static class CustomMappingCatalog` with
    // `public static CustomMappingEstimator<TSrc, TDst> CustomMapping<TSrc, TDst>(this TransformsCatalog catalog,
    // Action<TSrc, TDst> mapAction, string contractName, SchemaDefinition inputSchemaDefinition = null,
    // SchemaDefinition outputSchemaDefinition = null) where TSrc : class, new() where TDst : class, new()`".
    public static class CustomMappingCatalog
    {
        public static CustomMappingEstimator<TSrc, TDst> CustomMapping<TSrc, TDst>(this TransformsCatalog catalog,
            System.Action<TSrc, TDst> mapAction, string contractName, SchemaDefinition inputSchemaDefinition = null,
            SchemaDefinition outputSchemaDefinition = null)
            where TSrc : class, new() where TDst : class, new() => throw StandIn.Fail();
    }
}

namespace Microsoft.ML.Transforms
{
    // mlnet.md: "`namespace Microsoft.ML.Transforms`: `public sealed class CustomMappingEstimator<TSrc, TDst>` (a
    // `TrivialEstimator<CustomMappingTransformer<TSrc, TDst>>`)". TrivialEstimator cannot be subclassed outside ML.NET
    // (mlnet.md "Internal or effectively closed"); it implements IEstimator<TTransformer>, which is all that is used.
    public sealed class CustomMappingEstimator<TSrc, TDst> : IEstimator<CustomMappingTransformer<TSrc, TDst>>
        where TSrc : class, new() where TDst : class, new()
    {
        private CustomMappingEstimator() { }

        public CustomMappingTransformer<TSrc, TDst> Fit(IDataView input) => throw StandIn.Fail();
    }

    // mlnet.md: "`public sealed class CustomMappingTransformer<TSrc, TDst> : ITransformer`".
    public sealed class CustomMappingTransformer<TSrc, TDst> : ITransformer
        where TSrc : class, new() where TDst : class, new()
    {
        private CustomMappingTransformer() { }

        public IDataView Transform(IDataView input) => throw StandIn.Fail();
    }

    // mlnet.md: "`public abstract class CustomMappingFactory<TSrc, TDst>` with `public abstract Action<TSrc, TDst> GetMapping();`";
    // "`TSrc`/`TDst` are `class, new()` POCOs".
    public abstract class CustomMappingFactory<TSrc, TDst>
        where TSrc : class, new() where TDst : class, new()
    {
        public abstract System.Action<TSrc, TDst> GetMapping();
    }

    // mlnet.md: "`public sealed class CustomMappingFactoryAttributeAttribute` with ctor `(string contractName)` (used as
    // `[CustomMappingFactoryAttribute("name")]`)". (The real one derives from MEF's ExportAttribute; only the
    // constructor is used.)
    [System.AttributeUsage(System.AttributeTargets.Class)]
    public sealed class CustomMappingFactoryAttributeAttribute : System.Attribute
    {
        public CustomMappingFactoryAttributeAttribute(string contractName) { }
    }
}

namespace Microsoft.ML.Runtime
{
    // mlnet.md: "`namespace Microsoft.ML.Runtime`: `ComponentCatalog.RegisterAssembly(Assembly assembly, bool throwOnError = true)`";
    // "`public ComponentCatalog ComponentCatalog { get; }`" on MLContext.
    public sealed class ComponentCatalog
    {
        private ComponentCatalog() { }

        public void RegisterAssembly(System.Reflection.Assembly assembly, bool throwOnError = true) => throw StandIn.Fail();
    }
}
