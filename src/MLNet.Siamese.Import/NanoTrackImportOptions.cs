namespace MLNet.Siamese.Models.Import;

/// <summary>Settings of <see cref="NanoTrackPackImporter.Import(string, string, NanoTrackImportOptions)"/>.</summary>
public sealed class NanoTrackImportOptions
{
    /// <summary>Pack name; null: the source folder name.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The pysot-style <c>config.yaml</c> to read the tracking constants and crop sizes from; null: the release
    /// folder's own <c>config.yaml</c>. A release without one (the split 127/255 set) needs this or
    /// <see cref="Hyperparameters"/>: the importer never substitutes another release's values silently.
    /// </summary>
    public string? ConfigPath { get; init; }

    /// <summary>Tracking constants to use instead of the config's (crop sizes then default to 127/255, context 0.5, stride 16, checked against the graphs).</summary>
    public TrackingHyperparameters? Hyperparameters { get; init; }
}
