using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;

namespace MLNet.Siamese.Tests.Inference;

/// <summary>
/// The locally built Microsoft.ML.OnnxRuntime carries the official assembly identity, so the core compiled against it
/// binds to the official NuGet package on a consumer's machine (see nuget/README.md).
/// </summary>
public class OnnxRuntimeIdentityTests
{
    /// <summary>Microsoft.ML.OnnxRuntime's public key token, as in the official package's binding errors and references.</summary>
    private const string OfficialToken = "f27f157f0a5b7bb6";

    [Fact]
    public void Assembly_has_the_official_name_version_and_public_key_token()
    {
        var name = typeof(InferenceSession).Assembly.GetName();
        Assert.Equal("Microsoft.ML.OnnxRuntime", name.Name);
        Assert.Equal(new Version(1, 29, 0, 0), name.Version);
        Assert.Equal(OfficialToken, Convert.ToHexString(name.GetPublicKeyToken() ?? []).ToLowerInvariant());
    }

    [SkippableFact]
    public void Committed_public_key_is_the_one_in_the_fetched_sources()
    {
        string snk = Path.Combine(SharedData.RepoRoot, "src", "OnnxRuntime", "OnnxRuntime.PublicKey.snk");
        string cache = Environment.GetEnvironmentVariable("MLNET_SIAMESE_CACHE") is { Length: > 0 } c ? c
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? x
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "mlnet-siamese");
        string info = Path.Combine(cache, "onnxruntime-npm-0.4.9", "Runtime", "AssemblyInfo.shared.cs");
        Skip.IfNot(File.Exists(info), $"{info} is not present (fetched by the build): test skipped.");

        var keys = Regex.Matches(File.ReadAllText(info), "PublicKey=([0-9a-fA-F]+)").Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct().ToList();
        Assert.Single(keys);
        Assert.Equal(keys[0], Convert.ToHexString(File.ReadAllBytes(snk)).ToLowerInvariant());
        Assert.Equal(Convert.ToHexString(File.ReadAllBytes(snk)), Convert.ToHexString(typeof(InferenceSession).Assembly.GetName().GetPublicKey() ?? []));
    }
}
