using System.CommandLine;
using MLNet.Siamese.Models.Import;

namespace MLNet.Siamese.Cli.Commands;

/// <summary><c>siamese pack</c>: write model packs from public releases.</summary>
internal static class PackCommand
{
    public static Command Create()
    {
        var source = OptionFactory.Path("--source", "Folder of the NanoTrack release (ONNX files + config.yaml)", true, "-s");
        var output = OptionFactory.Path("--out",
            "Pack folder to create or replace (built aside, validated, then renamed into place); must differ from --source", true, "-o");
        var name = OptionFactory.OptionalText("--name", "Pack name (default: the source folder name)");
        var config = OptionFactory.OptionalPath("--config",
            "config.yaml to take the tracking constants and crop sizes from (default: the one in --source; required when the release has none, e.g. the split set: NanoTrack v2's)");
        var nano = new Command("nanotrack", "Pack a public NanoTrack v1/v2/v3 (or split 127/255) ONNX release") { source, output, name, config };
        nano.Validators.Add(r =>
        {
            if (r.GetValue(source) is { } from && r.GetValue(output) is { } to && OptionFactory.IsPath(from) && OptionFactory.IsPath(to)
                && SameFolder(from, to))
                r.AddError($"--out: the pack folder must differ from --source ({Path.GetFullPath(to)})");
        });
        nano.SetAction(r => CliRunner.Run(() =>
        {
            var pack = NanoTrackPackImporter.Import(r.GetValue(source)!, r.GetValue(output)!,
                new NanoTrackImportOptions { Name = r.GetValue(name), ConfigPath = r.GetValue(config) });
            Console.WriteLine($"wrote {pack.ManifestPath} ({pack.Name}: {pack.Family}, score map {pack.ScoreSize}x{pack.ScoreSize}, " +
                              $"WI {pack.Hyperparameters.WindowInfluence} / PK {pack.Hyperparameters.PenaltyK} / LR {pack.Hyperparameters.LearningRate})");
            return CliRunner.Success;
        }));
        return new Command("pack", "Create model packs from third-party releases") { nano };
    }

    /// <summary>Whether two paths name the same folder (after resolving relative parts and trailing separators).</summary>
    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)),
            OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
}
