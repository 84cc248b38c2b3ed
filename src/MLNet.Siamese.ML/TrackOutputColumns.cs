namespace MLNet.Siamese.ML;

/// <summary>
/// The output column names both tracking transforms add: the box, the status and the error (a value per frame row for
/// <see cref="TrackFramesOutputColumns"/>, a vector of one value per tracked frame for <see cref="TrackObjectOutputColumns"/>).
/// </summary>
public abstract record TrackOutputColumns
{
    /// <summary>Left of the box (NaN on an error row). Default <c>BoxX</c>.</summary>
    public string BoxX { get; init; } = "BoxX";

    /// <summary>Top of the box. Default <c>BoxY</c>.</summary>
    public string BoxY { get; init; } = "BoxY";

    /// <summary>Width of the box. Default <c>BoxWidth</c>.</summary>
    public string BoxWidth { get; init; } = "BoxWidth";

    /// <summary>Height of the box. Default <c>BoxHeight</c>.</summary>
    public string BoxHeight { get; init; } = "BoxHeight";

    /// <summary>Text: how the row went (<c>ok</c>, <c>init</c>, <c>tracked</c>, <c>lost</c> or <c>error</c>). Default <c>Status</c>.</summary>
    public string Status { get; init; } = "Status";

    /// <summary>Text: why the row could not be tracked, naming the file, group or column; empty otherwise. Default <c>Error</c>.</summary>
    public string Error { get; init; } = "Error";

    /// <summary>The names in column order.</summary>
    internal abstract string[] All { get; }

    /// <summary>Checks the names: none empty, none used twice; the message names <paramref name="transform"/>.</summary>
    /// <exception cref="ArgumentException">A name is empty or used twice.</exception>
    internal void Validate(string transform) => AddedColumns.CheckNames(transform, All, nameof(TrackObjectOptions.Output));
}
