using System.CommandLine;
using MLNet.Siamese.Batch;
using MLNet.Siamese.Cluster;
using MLNet.Siamese.Inference;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// <c>siamese cluster worker</c>: joins a cluster as an Orleans silo and runs the batch pipeline on the jobs it leases,
/// until SIGINT/SIGTERM (its open jobs then go back to the queue; exit 0). Exit 1 when it cannot join, 2 usage error.
/// </summary>
internal static class ClusterWorkerCommand
{
    public static Command Create()
    {
        var membership = ClusterCommand.Membership();
        var output = OptionFactory.Path("--out", "Shared output folder (the submitter's --out, as mounted on this machine)", true, "-o");
        var clusterId = ClusterCommand.ClusterId();
        var name = OptionFactory.OptionalText("--name", "Worker name in progress and summaries; default: host name and port");
        var siloPort = OptionFactory.Int("--silo-port", "Port for the other workers, 1..65535 (each worker of one machine needs its own)", 11111, 1, 65535);
        var gatewayPort = OptionFactory.Int("--gateway-port", "Port for submitters, 1..65535 (each worker of one machine needs its own)", 30000, 1, 65535);
        var advertise = OptionFactory.OptionalText("--advertise", "IP address the other machines reach this worker at; default: this machine's first IPv4 address");
        var model = CommonOptions.Model();
        model.Description = "Model pack for submissions that name none; default: the bundled project model";
        var device = CommonOptions.Device();
        var noFallback = CommonOptions.NoCpuFallback();
        var threads = CommonOptions.Threads();
        var maxOpen = OptionFactory.Int("--max-open", "Videos decoded and tracked at once (= jobs held at once), 1..1024", 8, 1, 1024);
        var batch = OptionFactory.Int("--batch", "Most search crops per model call, 1..256", 8, 1, 256);
        var workers = OptionFactory.Int("--workers", $"Inference worker threads, 1..{CommonOptions.MaxThreads}", new BatchOptions().InferenceWorkers, 1, CommonOptions.MaxThreads);
        var queue = OptionFactory.Int("--queue", "Decoded frames each open video may buffer, 1..64", 3, 1, 64);
        var decoders = OptionFactory.Int("--decoders", $"Videos decoding a frame at the same moment, 1..{CommonOptions.MaxThreads}", Environment.ProcessorCount, 1, CommonOptions.MaxThreads);

        var command = new Command("worker", "Join a cluster and run its jobs through the batch pipeline until stopped (Ctrl+C / SIGTERM)")
        {
            membership, output, clusterId, name, siloPort, gatewayPort, advertise, model, device, noFallback, threads, maxOpen, batch, workers, queue, decoders,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(advertise) is { } ip && !System.Net.IPAddress.TryParse(ip, out _))
                r.AddError($"--advertise: expected an IP address, got {OptionFactory.Echo(ip)}");
        });
        command.SetAction(r => CliRunner.Run(() =>
        {
            // Here rather than in a validator: validators do not see the defaults of options left out.
            if (r.GetValue(siloPort) == r.GetValue(gatewayPort))
            {
                Console.Error.WriteLine($"error: --silo-port and --gateway-port must differ (both {r.GetValue(siloPort)})");
                return Program.UsageError;
            }
            var options = new ClusterWorkerOptions
            {
                Membership = r.GetValue(membership)!,
                OutputDirectory = r.GetValue(output)!,
                ClusterId = r.GetValue(clusterId)!,
                WorkerName = r.GetValue(name),
                SiloPort = r.GetValue(siloPort),
                GatewayPort = r.GetValue(gatewayPort),
                AdvertisedAddress = r.GetValue(advertise),
                DefaultModel = r.GetValue(model)!,
                Inference = new InferenceOptions { Device = r.GetValue(device), FallbackToCpu = !r.GetValue(noFallback), IntraOpThreads = r.GetValue(threads), Logger = CliLogging.Logger },
                Batch = new BatchOptions
                {
                    MaxOpenVideos = r.GetValue(maxOpen),
                    MaxBatchSize = r.GetValue(batch),
                    InferenceWorkers = r.GetValue(workers),
                    FrameQueueDepth = r.GetValue(queue),
                    DecodeThreads = r.GetValue(decoders),
                },
                LoggerFactory = CliLogging.Factory,
            };
            using var interrupt = Interruption.Listen("stopping: the open jobs go back to the queue...");
            Console.Error.WriteLine($"worker: joining cluster '{options.ClusterId}' through {options.Membership} (ports {options.SiloPort}/{options.GatewayPort}), output {Path.GetFullPath(options.OutputDirectory)}");
            ClusterWorker.RunAsync(options, interrupt.Token).GetAwaiter().GetResult();
            Console.Error.WriteLine("worker: left the cluster");
            return CliRunner.Success;
        }));
        return command;
    }
}
