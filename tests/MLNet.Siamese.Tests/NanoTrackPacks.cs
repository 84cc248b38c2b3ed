using MLNet.Siamese.Models;
using MLNet.Siamese.Models.Import;

namespace MLNet.Siamese.Tests;

/// <summary>Imports the public NanoTrack releases from ../shared into a temporary folder once per test run (never into the repo).</summary>
internal static class NanoTrackPacks
{
    private static readonly Dictionary<string, string> Cache = new();
    private static readonly object Gate = new();

    /// <summary>Pack folder for a release folder name under models/third_party (e.g. nanotrack-v2); skips when ../shared is absent.</summary>
    public static string Get(string release)
    {
        string source = SharedData.Require($"models/third_party/{release}");
        lock (Gate)
        {
            if (Cache.TryGetValue(release, out var dir)) return dir;
            dir = Path.Combine(Path.GetTempPath(), "mlnet-siamese-tests", $"{release}-{Environment.ProcessId}");
            // The split 127/255 set ships no config.yaml: it is NanoTrack v2 split in two, so v2's constants, given explicitly.
            var options = new NanoTrackImportOptions
            {
                Name = release,
                ConfigPath = release == "nanotrack-split" ? SharedData.Require("models/third_party/nanotrack-v2/config.yaml") : null,
            };
            NanoTrackPackImporter.Import(source, dir, options);
            Cache[release] = dir;
            return dir;
        }
    }

    /// <summary>A fresh writable copy of a pack, for tests that corrupt it.</summary>
    public static string Copy(string release)
    {
        string from = Get(release);
        string to = Path.Combine(Path.GetTempPath(), "mlnet-siamese-tests", $"{release}-copy-{Guid.NewGuid():N}");
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        return to;
    }

    public static ModelPack Load(string release) => ModelPack.Load(Get(release));
}
