using Microsoft.ML.OnnxRuntime;

namespace MLNet.Siamese.Tests.Inference;

/// <summary>The ONNX Runtime in use is the official NuGet release named in Directory.Build.props (managed API and native library).</summary>
public class OnnxRuntimePackageTests
{
    /// <summary>Microsoft.ML.OnnxRuntime's public key token (the official, Microsoft-signed assembly).</summary>
    private const string OfficialToken = "f27f157f0a5b7bb6";

    [Fact]
    public void Managed_and_native_runtime_are_the_official_release_the_build_names()
    {
        string props = File.ReadAllText(Path.Combine(SharedData.RepoRoot, "Directory.Build.props"));
        string version = System.Text.RegularExpressions.Regex.Match(props, "<OnnxRuntimeVersion>([^<]+)<").Groups[1].Value;
        Assert.Matches(@"^1\.3\d\.\d+$", version);

        var name = typeof(InferenceSession).Assembly.GetName();
        Assert.Equal("Microsoft.ML.OnnxRuntime", name.Name);
        Assert.Equal(new Version(version + ".0"), name.Version);
        Assert.Equal(OfficialToken, Convert.ToHexString(name.GetPublicKeyToken() ?? []).ToLowerInvariant());
        Assert.Equal(version, OrtEnv.Instance().GetVersionString());
        Assert.Contains("CPUExecutionProvider", OrtEnv.Instance().GetAvailableProviders());
    }
}
