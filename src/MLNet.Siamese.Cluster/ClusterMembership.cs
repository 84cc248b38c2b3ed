using System.Globalization;
using StackExchange.Redis;

namespace MLNet.Siamese.Cluster;

/// <summary>The membership store address of the cluster options (<c>redis://host:port</c>).</summary>
public static class ClusterMembership
{
    /// <summary>The cluster name used when none is given.</summary>
    public const string DefaultClusterId = "siamese";

    /// <summary>The Orleans service id: keys of the membership table and the board state in Redis start with it.</summary>
    internal const string ServiceId = "mlnet-siamese";

    /// <summary>Checks a membership address; the message names what is wrong.</summary>
    /// <exception cref="ArgumentException"><paramref name="membership"/> is not <c>redis://host[:port]</c>.</exception>
    public static void Validate(string membership) => _ = Redis(membership);

    /// <summary>StackExchange.Redis options for <c>redis://host[:port]</c> (port 6379 when absent).</summary>
    internal static ConfigurationOptions Redis(string membership)
    {
        if (!Uri.TryCreate(membership, UriKind.Absolute, out var uri) || uri.Scheme != "redis" || uri.Host.Length == 0
            || uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            throw new ArgumentException($"membership '{membership}' must be redis://host[:port]");
        int port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
        var options = ConfigurationOptions.Parse(uri.Host + ":" + port.ToString(CultureInfo.InvariantCulture));
        // Fail clearly at start when the store cannot be reached; once connected the client reconnects by itself.
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
        return options;
    }
}
