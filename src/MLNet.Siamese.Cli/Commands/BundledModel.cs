namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// The project's own default model (repository <c>models/default</c>), copied beside <c>siamese.dll</c> at build time
/// and carried in the dotnet tool package, so an installed <c>siamese</c> tracks without a <c>--model</c>.
/// </summary>
internal static class BundledModel
{
    /// <summary>Location relative to the executable's folder.</summary>
    public const string RelativePath = "models/default";

    /// <summary>Absolute folder of the bundled pack (it may be missing from a hand-made build; the pack loader then names it).</summary>
    public static string Folder => Path.GetFullPath(RelativePath, AppContext.BaseDirectory);
}
