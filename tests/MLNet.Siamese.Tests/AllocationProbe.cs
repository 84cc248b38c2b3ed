namespace MLNet.Siamese.Tests;

/// <summary>Measures what a piece of code allocates on the calling thread once it runs in a steady state.</summary>
internal static class AllocationProbe
{
    /// <summary>
    /// Runs <paramref name="batch"/> once to warm up, then <paramref name="rounds"/> more times and returns the fewest
    /// bytes one round allocated on this thread. The runtime itself may allocate on the measured thread once in a while
    /// (tier-1 promotion and OSR land mid-round on a loaded CI machine), never in every round; code that allocates per
    /// call does so in every round, so a steady state of zero is still checked exactly.
    /// </summary>
    public static long SteadyStateBytes(Action batch, int rounds = 5)
    {
        batch();
        long fewest = long.MaxValue;
        for (int i = 0; i < rounds; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            batch();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
