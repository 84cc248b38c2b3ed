namespace MLNet.Siamese.Cluster;

/// <summary>Names shared by the job board's users.</summary>
internal static class JobBoard
{
    /// <summary>Name of the grain storage provider (Redis) holding the boards.</summary>
    public const string Storage = "siamese-board";

    /// <summary>
    /// The file a submitter writes into the shared output folder with the run id: a worker runs a run's jobs only when
    /// its own output folder holds it, so a worker whose <c>--out</c> is not the submitter's folder says so instead of
    /// writing elsewhere.
    /// </summary>
    public const string RunFileName = ".siamese-cluster-run";

    /// <summary>The board grain of a cluster: one per cluster id (the grain key), so clusters sharing a Redis server stay apart.</summary>
    public static IJobBoardGrain Get(IGrainFactory grains, string clusterId) => grains.GetGrain<IJobBoardGrain>(clusterId);

    /// <summary>The run id recorded in <paramref name="outputDirectory"/>, or null.</summary>
    public static string? RunIn(string outputDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(outputDirectory, RunFileName)).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
