using System.Globalization;
using System.Text.Json;

namespace MLNet.Siamese.Batch;

/// <summary>
/// The "this job is complete" file written after a job's tables are in place (<c>videos/&lt;id&gt;.done.json</c>).
/// Its fingerprint covers everything that decides the job's output (video, targets, model, frame limit), so a resumed
/// run skips a job only when it would produce the same tables again.
/// </summary>
internal sealed record JobMarker(string Fingerprint, long Frames, long Records)
{
    public static string FingerprintOf(BatchJob job, string model, BatchOptions options) =>
        string.Join('|', [
            "v1", job.Video, model,
            options.MaxFrames?.ToString(CultureInfo.InvariantCulture) ?? "all",
            options.FolderFramesPerSecond.ToString("R", CultureInfo.InvariantCulture),
            .. job.Targets.Select(t => FormattableString.Invariant($"{t.Id}@{t.StartFrame}:{t.Box.X:R},{t.Box.Y:R},{t.Box.Width:R},{t.Box.Height:R}")),
        ]);

    /// <summary>Reads a marker; null when it is missing or unreadable (the job then simply runs again).</summary>
    public static JobMarker? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<JobMarker>(File.ReadAllText(path)) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the marker atomically (temporary file, then rename).</summary>
    /// <exception cref="OutputException">The file cannot be written.</exception>
    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this) + "\n");
}
