using MLNet.Siamese.Batch;
using MLNet.Siamese.Tests.Batch;

namespace MLNet.Siamese.Tests.Cli;

/// <summary>
/// Issue 14, item 8: with the bundled default model every batch run printed an ONNX Runtime error (its search graph
/// failed the batch probe) and <c>--batching on</c> failed. Now both modes run, print nothing from ONNX Runtime and
/// write the same tables.
/// </summary>
public class DefaultModelBatchingTests
{
    [SkippableFact]
    public void Batching_on_and_off_with_the_default_model_give_the_same_tables_and_no_onnx_runtime_text()
    {
        string dir = CliHarness.TempDir("cli-default-batching");
        var jobs = BatchTestData.GoodJobs().Take(4).ToList();
        string list = BatchTestData.WriteCsv(Path.Combine(dir, "jobs.csv"), jobs);
        var tables = new Dictionary<string, string>();
        foreach (var mode in new[] { "on", "off", "auto" })
        {
            string output = Path.Combine(dir, mode);
            var (code, _, err) = CliHarness.Run("batch", "--jobs", list, "-o", output, "--max-frames", "10", "--batching", mode, "-q");
            Assert.True(code == 0, err);
            foreach (var ortText in new[] { "ErrorCode", "Status Message", "Input channels", "Non-zero status" })
                Assert.DoesNotContain(ortText, err);
            if (mode == "on") Assert.Contains("inference: batched calls", err);
            tables[mode] = File.ReadAllText(Path.Combine(output, "tracks.csv"));
        }
        Assert.Equal(tables["off"], tables["on"]);
        Assert.Equal(tables["off"], tables["auto"]);
    }
}
