using MLNet.Siamese.Imaging;

namespace MLNet.Siamese.Evaluation;

/// <summary>
/// VOT reset-based (supervised) measures. A run is a trajectory of regions and codes (1 = initialisation,
/// 2 = failure: the prediction did not overlap the ground truth, 0 = frames skipped before the re-initialisation
/// 5 frames later). Accuracy averages the overlap outside the 10 burn-in frames that start at each (re)initialisation;
/// robustness is failures per frame; EAO follows the VOT2016+ definition: the run is cut into fragments at failures,
/// Φ(N) is the mean over fragments of their average overlap on frames 1…N after the initialisation (a fragment that
/// ended in failure counts 0 after it; one that reached the end of the sequence only counts while N is shorter than
/// it), and EAO is the mean of Φ over a range of N (VOT2016 [108,371], VOT2018 [100,356], VOT2019 [46,291]).
/// </summary>
public static class VotMetrics
{
    /// <summary>Frames after a failure before the tracker is re-initialised.</summary>
    public const int SkipFrames = 5;

    /// <summary>Frames from each (re)initialisation ignored by accuracy (the init frame included).</summary>
    public const int BurnIn = 10;

    /// <summary>VOT2018's EAO range (also used by VOT2017).</summary>
    public static (int Low, int High) Vot2018Range => (100, 356);

    /// <summary>Accuracy overlaps, failures and EAO fragments of one run.</summary>
    /// <param name="trajectory">The run: a region or code per frame.</param>
    /// <param name="groundTruth">Ground-truth regions (rectangles or polygons).</param>
    /// <param name="bounds">Image size regions are bounded to; null for unbounded.</param>
    /// <param name="burnIn">Frames ignored by accuracy from each initialisation.</param>
    public static VotSequenceScores Evaluate(IReadOnlyList<Region> trajectory, IReadOnlyList<Region> groundTruth, ImageSize? bounds, int burnIn = BurnIn)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        ArgumentNullException.ThrowIfNull(groundTruth);
        int n = Math.Min(trajectory.Count, groundTruth.Count);
        var overlaps = new double[n];
        var counted = new bool[n];
        int failures = 0, burnInLeft = 0;
        for (int i = 0; i < n; i++)
        {
            var r = trajectory[i];
            if (r.Kind == RegionKind.Special && r.Code == Region.Initialization) burnInLeft = burnIn;
            if (r.Kind == RegionKind.Special && r.Code == Region.Failure) failures++;
            overlaps[i] = r.Kind == RegionKind.Special ? 0 : RegionOverlap.IoU(r, groundTruth[i], bounds);
            counted[i] = r.Kind != RegionKind.Special && burnInLeft <= 0 && groundTruth[i].IsValid;
            if (burnInLeft > 0) burnInLeft--;
        }
        var accuracy = new List<double>();
        for (int i = 0; i < n; i++) if (counted[i]) accuracy.Add(overlaps[i]);
        return new VotSequenceScores(n, failures, accuracy, Fragments(trajectory, overlaps));
    }

    /// <summary>Pools several runs: frame-pooled accuracy, total failures, and EAO over all their fragments.</summary>
    /// <param name="runs">Per-sequence scores.</param>
    /// <param name="low">First curve index averaged by EAO.</param>
    /// <param name="high">Last curve index averaged by EAO.</param>
    public static VotScores Pool(IReadOnlyCollection<VotSequenceScores> runs, int low, int high)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (low < 1 || high < low) throw new ArgumentOutOfRangeException(nameof(low), $"EAO range [{low},{high}] must satisfy 1 <= low <= high");
        var overlaps = runs.SelectMany(r => r.AccuracyOverlaps).ToList();
        var curve = ExpectedOverlapCurve(runs.SelectMany(r => r.Fragments).ToList(), high + 1);
        return new VotScores(overlaps.Count == 0 ? double.NaN : overlaps.Average(), runs.Sum(r => r.Failures), runs.Sum(r => r.Frames),
            curve, ExpectedAverageOverlap(curve, low, high), low, high);
    }

    /// <summary>
    /// Φ(N) for N = 0 … <paramref name="length"/> − 1: the mean over fragments active at N of their average overlap on
    /// frames 1…N (frame 0 is the initialisation). Failed fragments are always active (0 after their end); the others
    /// while N &lt; their length. Φ(0) = 1; NaN where no fragment is active.
    /// </summary>
    public static double[] ExpectedOverlapCurve(IReadOnlyList<VotFragment> fragments, int length)
    {
        ArgumentNullException.ThrowIfNull(fragments);
        var curve = new double[length];
        if (length > 0) curve[0] = 1;
        var sums = new double[length];
        var active = new int[length];
        foreach (var f in fragments)
        {
            double running = 0;
            for (int j = 1; j < length; j++)
            {
                if (j < f.Overlaps.Count) running += f.Overlaps[j];
                else if (!f.Failed) break;
                sums[j] += running / j;
                active[j]++;
            }
        }
        for (int j = 1; j < length; j++) curve[j] = active[j] == 0 ? double.NaN : sums[j] / active[j];
        return curve;
    }

    /// <summary>Mean of <paramref name="curve"/> over indices [<paramref name="low"/>, <paramref name="high"/>], skipping NaN; NaN when none.</summary>
    public static double ExpectedAverageOverlap(IReadOnlyList<double> curve, int low, int high)
    {
        ArgumentNullException.ThrowIfNull(curve);
        double sum = 0;
        int count = 0;
        for (int j = low; j <= high && j < curve.Count; j++)
        {
            if (double.IsNaN(curve[j])) continue;
            sum += curve[j];
            count++;
        }
        return count == 0 ? double.NaN : sum / count;
    }

    private static List<VotFragment> Fragments(IReadOnlyList<Region> trajectory, double[] overlaps)
    {
        var fragments = new List<VotFragment>();
        int start = -1;
        for (int i = 0; i < overlaps.Length; i++)
        {
            var r = trajectory[i];
            if (r.Kind != RegionKind.Special) continue;
            if (r.Code == Region.Initialization)
            {
                if (start >= 0) fragments.Add(new VotFragment(overlaps[start..i], Failed: false));
                start = i;
            }
            else if (r.Code == Region.Failure && start >= 0)
            {
                fragments.Add(new VotFragment(overlaps[start..i], Failed: true));
                start = -1;
            }
        }
        if (start >= 0) fragments.Add(new VotFragment(overlaps[start..], Failed: false));
        return fragments;
    }
}
