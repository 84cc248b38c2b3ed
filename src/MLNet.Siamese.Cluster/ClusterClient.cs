using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace MLNet.Siamese.Cluster;

/// <summary>An Orleans client of a cluster (gateways found through the Redis membership table), for the submitter.</summary>
internal sealed class ClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterClient(IHost host)
    {
        _host = host;
        Grains = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Grains { get; }

    /// <summary>Connects, retrying until <see cref="ClusterSubmitOptions.ConnectTimeout"/> while no worker is up.</summary>
    /// <exception cref="ClusterException">No worker could be reached in time.</exception>
    public static async Task<ClusterClient> ConnectAsync(ClusterSubmitOptions options, CancellationToken cancellationToken)
    {
        var redis = ClusterMembership.Redis(options.Membership);
        var deadline = DateTime.UtcNow + options.ConnectTimeout;
        await ProbeMembershipStoreAsync(options, redis);
        string? lastError = null;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Orleans' own messages stay closed on the submitter: it reports the cluster's state itself (IClusterProgress).
        ClusterLogging.Use(builder, options.LoggerFactory);
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = redis);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = ClusterMembership.ServiceId;
            });
            client.UseConnectionRetryFilter(async (ex, ct) =>
            {
                lastError = ClusterText.OneLine(ex);
                if (DateTime.UtcNow >= deadline || ct.IsCancellationRequested) return false;
                options.Progress?.Warning($"no worker of cluster '{options.ClusterId}' reachable yet ({lastError}); waiting");
                try { await Task.Delay(TimeSpan.FromSeconds(2), ct); }
                catch (OperationCanceledException) { return false; }
                return true;
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return new ClusterClient(host);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw new ClusterException(
                $"cannot reach cluster '{options.ClusterId}' through {options.Membership} within {options.ConnectTimeout.TotalSeconds:0} s: " +
                $"{lastError ?? ClusterText.OneLine(ex)} (is a worker running? start one with 'siamese cluster worker')", ex);
        }
    }

    /// <summary>
    /// Fails with one line when the membership store itself cannot be reached: waiting for workers (the retry below)
    /// only makes sense while the store answers.
    /// </summary>
    private static async Task ProbeMembershipStoreAsync(ClusterSubmitOptions options, StackExchange.Redis.ConfigurationOptions redis)
    {
        var probe = redis.Clone();
        probe.ConnectTimeout = (int)Math.Clamp(options.ConnectTimeout.TotalMilliseconds, 1000, 30000);
        try
        {
            await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(probe);
        }
        catch (StackExchange.Redis.RedisConnectionException ex)
        {
            throw new ClusterException(
                $"cannot reach cluster '{options.ClusterId}' through {options.Membership}: the membership store does not answer " +
                $"({ClusterText.OneLine(ex)})", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _host.StopAsync(cts.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or OrleansException or TimeoutException)
        {
            // Leaving a cluster that is gone: nothing to tidy up.
        }
        _host.Dispose();
    }
}
