using System.CommandLine;
using MLNet.Siamese.Cluster;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// <c>siamese cluster worker|submit</c>: batch processing on several machines (Microsoft Orleans; membership and the
/// job board's state in Redis). Workers run the batch pipeline on the jobs they lease; the submitter sends a job list
/// once, shows progress and writes the combined tables as <c>siamese batch</c> does.
/// </summary>
internal static class ClusterCommand
{
    public static Command Create() =>
        new("cluster", "Batch processing on several machines: workers (Orleans silos) and a submitter sharing an output folder")
        {
            ClusterWorkerCommand.Create(),
            ClusterSubmitCommand.Create(),
        };

    /// <summary>The membership store option (checked at parse time: a bad address is a usage error).</summary>
    public static Option<string> Membership()
    {
        var option = new Option<string>("--membership")
        {
            Description = "Membership store of the cluster (also holds the job board): redis://host[:port]",
            Required = true,
            CustomParser = r =>
            {
                string text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
                try
                {
                    ClusterMembership.Validate(text);
                }
                catch (ArgumentException ex)
                {
                    r.AddError("--membership: " + ex.Message.Replace(text, OptionFactory.Echo(text), StringComparison.Ordinal));
                }
                return text;
            },
        };
        return option;
    }

    /// <summary>The cluster name option.</summary>
    public static Option<string> ClusterId() => new("--cluster-id")
    {
        Description = $"Name of the cluster (workers and submitter of one cluster use the same); default {ClusterMembership.DefaultClusterId}",
        DefaultValueFactory = _ => ClusterMembership.DefaultClusterId,
        CustomParser = r =>
        {
            string text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (text.Length is 0 or > 64 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                r.AddError($"--cluster-id: expected 1-64 letters, digits, '-', '_' or '.', got {OptionFactory.Echo(text)}");
            return text;
        },
    };
}
