using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace MLNet.Siamese.Cluster;

/// <summary>
/// A cluster worker: an Orleans silo (membership in Redis, the job board's state in Redis grain storage) that runs the
/// batch pipeline on the jobs it leases, writing each job's files and completion marker into the shared output folder
/// exactly as <c>siamese batch</c> does. Any number of workers, on any number of machines, may join or leave at any
/// time; the jobs of a worker that dies are given to the others once Orleans membership declares it dead.
/// </summary>
public static class ClusterWorker
{
    /// <summary>Runs a worker until <paramref name="cancellationToken"/> is cancelled, then leaves the cluster cleanly.</summary>
    /// <exception cref="ArgumentException">An option is invalid (the message names it).</exception>
    /// <exception cref="ClusterException">The worker cannot join the cluster (membership store unreachable, port in use).</exception>
    public static async Task RunAsync(ClusterWorkerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var redis = ClusterMembership.Redis(options.Membership);
        var advertised = options.AdvertisedAddress is null ? null
            : IPAddress.TryParse(options.AdvertisedAddress, out var ip) ? ip
            : throw new ArgumentException($"advertised address '{options.AdvertisedAddress}' is not an IP address");
        options = options with { OutputDirectory = Path.GetFullPath(options.OutputDirectory) };

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var logging = ClusterLogging.Use(builder, options.LoggerFactory);
        builder.Services.AddSingleton(options);
        builder.UseOrleans(silo =>
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = redis);
            silo.AddRedisGrainStorage(JobBoard.Storage, o => o.ConfigurationOptions = redis);
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = ClusterMembership.ServiceId;
            });
            silo.Configure<SiloOptions>(o => o.SiloName = options.WorkerName ?? $"{Dns.GetHostName()}:{options.SiloPort}");
            if (advertised is null) silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
            else silo.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        });
        // Registered after the silo: started once it has joined, stopped (open jobs given back) before it leaves.
        builder.Services.AddHostedService<WorkerLoop>();

        using var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ClusterException($"cannot join cluster '{options.ClusterId}' through {options.Membership}: {ClusterText.OneLine(ex)}", ex);
        }
        logging?.Open();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stop requested.
        }
        await host.StopAsync(CancellationToken.None);
    }
}
