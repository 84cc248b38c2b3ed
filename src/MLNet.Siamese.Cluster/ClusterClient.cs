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

    /// <summary>Connects, retrying until <see cref="ClusterSubmitOptions.ConnectTimeout"/> while no worker is up; fails at
    /// once when the membership store itself does not answer.</summary>
    /// <exception cref="ClusterException">The membership store does not answer, or no worker could be reached in time.</exception>
    public static async Task<ClusterClient> ConnectAsync(ClusterSubmitOptions options, CancellationToken cancellationToken)
    {
        var redis = ClusterMembership.Redis(options.Membership);
        // The store must answer the first connection, within the connect timeout (5 s at most): its failure ends the
        // wait for workers at once (retry filter below). One cycle: a refused connection fails in a moment, not after
        // StackExchange.Redis' repeated cycles.
        redis.ConnectTimeout = (int)Math.Clamp(options.ConnectTimeout.TotalMilliseconds, 1000, redis.ConnectTimeout);
        redis.ConnectRetry = 1;
        var deadline = DateTime.UtcNow + options.ConnectTimeout;
        string? lastError = null;
        string? storeError = null;
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
                // Waiting for workers only makes sense while the membership store answers: fail at once otherwise.
                if (StoreFailure(ex) is { } unreachable)
                {
                    storeError = ClusterText.OneLine(unreachable);
                    return false;
                }
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
            if ((storeError ?? (StoreFailure(ex) is { } store ? ClusterText.OneLine(store) : null)) is { } storeLine)
                throw new ClusterException(
                    $"cannot reach cluster '{options.ClusterId}' through {options.Membership}: the membership store does not answer ({storeLine})", ex);
            throw new ClusterException(
                $"cannot reach cluster '{options.ClusterId}' through {options.Membership} within {options.ConnectTimeout.TotalSeconds:0} s: " +
                $"{lastError ?? ClusterText.OneLine(ex)} (is a worker running? start one with 'siamese cluster worker')", ex);
        }
    }

    /// <summary>
    /// The membership store's own connection failure, when <paramref name="ex"/> is one (Orleans' Redis clustering
    /// connects while initialising the gateway list and hands the failure, possibly wrapped, to the retry filter).
    /// </summary>
    private static StackExchange.Redis.RedisConnectionException? StoreFailure(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is StackExchange.Redis.RedisConnectionException redis) return redis;
            if (ex is AggregateException aggregate)
                return aggregate.InnerExceptions.Select(StoreFailure).FirstOrDefault(e => e is not null);
        }
        return null;
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
