namespace Microsoft.ML.Data;

/// Thrown by every member: this assembly exists only so that the adapter type-checks without the real package.
internal static class StandIn
{
    public static System.NotSupportedException Fail() => new("compile-only stand-in: build with -p:UseRealMicrosoftML=true and the real Microsoft.ML package");
}
