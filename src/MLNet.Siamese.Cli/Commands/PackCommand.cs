using System.CommandLine;
using MLNet.Siamese.Models.Import;

namespace MLNet.Siamese.Cli.Commands;

/// <summary><c>siamese pack</c>: write model packs from public releases.</summary>
internal static class PackCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source", "-s") { Description = "Folder of the NanoTrack release (ONNX files + config.yaml)", Required = true };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Pack folder to create or replace (ONNX files are copied into it; built aside, validated, then renamed into place)",
            Required = true,
        };
        var name = new Option<string?>("--name") { Description = "Pack name (default: the source folder name)" };
        var config = new Option<string?>("--config")
        {
            Description = "config.yaml to take the tracking constants and crop sizes from (default: the one in --source; required when the release has none, e.g. the split set: NanoTrack v2's)",
        };
        var nano = new Command("nanotrack", "Pack a public NanoTrack v1/v2/v3 (or split 127/255) ONNX release") { source, output, name, config };
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
}
