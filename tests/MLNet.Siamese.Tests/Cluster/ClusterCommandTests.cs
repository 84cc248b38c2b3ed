using MLNet.Siamese.Tests.Cli;

namespace MLNet.Siamese.Tests.Cluster;

/// <summary><c>siamese cluster</c> usage errors and an unreachable cluster: one clear line, the right exit code, no trace.</summary>
public class ClusterCommandTests
{
    [Theory]
    [InlineData("http://127.0.0.1:6379", "--membership")]
    [InlineData("redis://", "--membership")]
    [InlineData("redis://127.0.0.1:6379/extra", "--membership")]
    public void A_bad_membership_address_is_a_usage_error_naming_the_option(string membership, string named)
    {
        string dir = CliHarness.TempDir("cluster-usage");
        var (code, _, err) = CliHarness.Run("cluster", "worker", "--membership", membership, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, code);
        Assert.StartsWith("error: " + named, err.Trim());
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void The_same_port_twice_and_a_bad_cluster_id_are_usage_errors()
    {
        string dir = CliHarness.TempDir("cluster-usage");
        var (code, _, err) = CliHarness.Run("cluster", "worker", "--membership", "redis://127.0.0.1:1", "--out", dir, "--silo-port", "30000");
        Assert.Equal(2, code);
        Assert.Contains("--silo-port and --gateway-port must differ", err);
        (code, _, err) = CliHarness.Run("cluster", "worker", "--membership", "redis://127.0.0.1:1", "--out", dir, "--cluster-id", "a b");
        Assert.Equal(2, code);
        Assert.Contains("--cluster-id", err);
    }

    [SkippableFact]
    public void A_submitter_with_no_reachable_membership_store_fails_with_one_line()
    {
        string dir = CliHarness.TempDir("cluster-unreachable");
        string list = Batch.BatchTestData.WriteCsv(Path.Combine(dir, "jobs.csv"), Batch.BatchTestData.GoodJobs().Take(1));
        int port = FreePorts.Take(1)[0]; // nothing listens there
        var (code, _, err) = CliHarness.Run("cluster", "submit", "--jobs", list, "--out", Path.Combine(dir, "out"),
            "--membership", $"redis://127.0.0.1:{port}", "--connect-timeout", "3", "-q");
        Assert.Equal(1, code);
        var lines = err.Trim().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("error: cannot reach cluster 'siamese'", lines[0]);
        Assert.Contains("the membership store does not answer", lines[0]); // at once, not after waiting for workers
        Assert.DoesNotContain("   at ", err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out", "videos")));
    }
}
