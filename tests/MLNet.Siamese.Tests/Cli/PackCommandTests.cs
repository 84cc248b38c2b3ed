namespace MLNet.Siamese.Tests.Cli;

/// <summary><c>siamese pack nanotrack</c> from the command line: one error line naming the file, exit 1, nothing left behind.</summary>
public class PackCommandTests
{
    [SkippableFact]
    public void A_release_without_config_fails_naming_it_and_writes_nothing()
    {
        string v3 = SharedData.Require("models/third_party/nanotrack-v3");
        string source = CliHarness.TempDir("cli-pack-src");
        foreach (var f in new[] { "nanotrack_backbone.onnx", "nanotrack_head.onnx" })
            File.CreateSymbolicLink(Path.Combine(source, f), Path.Combine(v3, f));
        string parent = CliHarness.TempDir("cli-pack-out");
        string target = Path.Combine(parent, "v3");

        var (code, stdout, err) = CliHarness.Run("pack", "nanotrack", "--source", source, "--out", target);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {Path.Combine(source, "config.yaml")}: missing", line);
        Assert.Empty(Directory.GetFileSystemEntries(parent));

        (code, stdout, err) = CliHarness.Run("pack", "nanotrack", "--source", source, "--out", target, "--config", Path.Combine(v3, "config.yaml"));
        Assert.True(code == 0, err);
        Assert.Contains("WI 0.455 / PK 0.138 / LR 0.348", stdout);
        Assert.Equal([target], Directory.GetFileSystemEntries(parent));
    }
}
