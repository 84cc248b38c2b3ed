namespace MLNet.Siamese.Evaluation.Datasets;

/// <summary>
/// OTB sequences whose ground truth covers only part of the image folder (frame numbers from the OTB benchmark's
/// sequence configuration, as the got10k toolkit applies them): David 300–770, Football1 1–74, Freeman3 1–460,
/// Freeman4 1–283, Diving 1–215. Copies whose image folder already starts at the first annotated frame (e.g.
/// <c>0300.jpg</c>) need no table: ground-truth row 0 is always the first image kept.
/// </summary>
public static class OtbFrameRanges
{
    private static readonly Dictionary<string, (int First, int Last)> Ranges = new(StringComparer.OrdinalIgnoreCase)
    {
        ["David"] = (300, 770),
        ["Football1"] = (1, 74),
        ["Freeman3"] = (1, 460),
        ["Freeman4"] = (1, 283),
        ["Diving"] = (1, 215),
    };

    /// <summary>The annotated frame-number range of <paramref name="sequence"/>, when it is one of the special sequences.</summary>
    public static (int First, int Last)? Find(string sequence) => Ranges.TryGetValue(sequence, out var r) ? r : null;

    /// <summary>
    /// The frames of <paramref name="frames"/> inside the range of <paramref name="sequence"/>, when it has one and its
    /// first frame number is present; otherwise <paramref name="frames"/> unchanged.
    /// </summary>
    public static string[] Apply(string sequence, string[] frames)
    {
        if (Find(sequence) is not { } range || !frames.Any(f => FrameFiles.Number(f) == range.First)) return frames;
        return frames.Where(f => FrameFiles.Number(f) is { } n && n >= range.First && n <= range.Last).ToArray();
    }
}
