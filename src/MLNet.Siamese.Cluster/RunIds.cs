using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MLNet.Siamese.Cluster;

/// <summary>
/// A run's id: a hash of its settings and job list, so submitting the same list again (a submitter that was stopped,
/// or lost the cluster) follows the same run instead of opening a new one.
/// </summary>
internal static class RunIds
{
    public static string Of(RunSettings settings, IReadOnlyList<ClusterJob> jobs)
    {
        var text = new StringBuilder();
        text.Append(settings.Model).Append('\n').Append(settings.MaxFrames?.ToString(CultureInfo.InvariantCulture) ?? "all").Append('\n');
        foreach (var job in jobs)
        {
            text.Append(job.Id).Append('\t').Append(job.Video);
            foreach (var t in job.Targets)
                text.Append('\t').Append(FormattableString.Invariant($"{t.Id}@{t.StartFrame}:{t.X:R},{t.Y:R},{t.Width:R},{t.Height:R}"));
            text.Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16].ToLowerInvariant();
    }
}
