namespace MLNet.Siamese.Tests.Samples;

/// <summary>Where the test build puts a sample (built with the solution, not referenced): its entry assembly.</summary>
internal static class SampleBuild
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>samples/<paramref name="sample"/>'s built dll; fails the test when it is missing.</summary>
    public static string Dll(string sample)
    {
        string dll = Path.Combine(SharedData.RepoRoot, "samples", sample, "bin", Configuration, "net10.0", sample + ".dll");
        Assert.True(File.Exists(dll), $"{dll} not built");
        return dll;
    }
}
