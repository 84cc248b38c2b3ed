using System.Globalization;
using System.Text.Json;
using MLNet.Siamese.Output;

namespace MLNet.Siamese.Batch;

/// <summary>
/// The "this job is complete" file written after a job's outputs are in place (<c>videos/&lt;id&gt;.done.json</c>).
/// Its fingerprint covers everything that decides the job's output (the input's size and modification time, targets,
/// the model pack's content, device and options), and it records the row count and SHA-256 of every output it vouches
/// for, so a resumed run skips a job only when it would produce the same outputs again and they are still intact.
/// </summary>
internal sealed record JobMarker(string Fingerprint, long Frames, long Records, string? CsvSha256 = null, string? JsonSha256 = null, string? VideoSha256 = null)
{
    /// <param name="job">The job.</param>
    /// <param name="pack">The model pack's content hash (<see cref="ContentFingerprint.OfPack"/>).</param>
    /// <param name="device">The device inference runs on.</param>
    /// <param name="options">The scheduling options (frame limit, folder frame rate).</param>
    public static string FingerprintOf(BatchJob job, string pack, string device, BatchOptions options) =>
        string.Join('|', [
            "v2", job.Video, ContentFingerprint.OfInput(job.Video), pack, device,
            options.MaxFrames?.ToString(CultureInfo.InvariantCulture) ?? "all",
            options.FolderFramesPerSecond.ToString("R", CultureInfo.InvariantCulture),
            .. job.Targets.Select(t => FormattableString.Invariant($"{t.Id}@{t.StartFrame}:{t.Box.X:R},{t.Box.Y:R},{t.Box.Width:R},{t.Box.Height:R}")),
        ]);

    /// <summary>The marker of a job's completed outputs (hashed now, once they are in place).</summary>
    /// <exception cref="OutputException">An output cannot be read back.</exception>
    public static JobMarker For(string fingerprint, JobOutcome outcome, string csv, string json, string? video) =>
        new(fingerprint, outcome.Frames, outcome.Records, ContentFingerprint.OfFile(csv), ContentFingerprint.OfFile(json),
            video is null ? null : ContentFingerprint.OfFile(video));

    /// <summary>Reads a marker; null when it is missing or unreadable (the job then simply runs again).</summary>
    public static JobMarker? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), JobMarkerJsonContext.Default.JobMarker) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Why the outputs this marker vouches for cannot be reused (a missing, truncated or altered file, or a changed
    /// job), or null when they can.
    /// </summary>
    public string? Check(string fingerprint, string csv, string json, string? video)
    {
        if (Fingerprint != fingerprint)
            return "its input, targets, model pack or options changed since it completed";
        if (CsvSha256 is null || JsonSha256 is null)
            return "its completion marker was written by an older version";
        foreach (var (path, hash) in new[] { (csv, CsvSha256), (json, JsonSha256), (video, VideoSha256) })
        {
            if (path is null) continue;
            if (!File.Exists(path)) return $"{path} is missing";
            if (path == csv && CountRows(csv) is var rows && rows != Records)
                return $"{csv} has {rows} rows but its completion marker records {Records}";
            if (hash is null) return $"{path} is not recorded in its completion marker";
            try
            {
                if (ContentFingerprint.OfFile(path) != hash) return $"{path} does not match the SHA-256 its completion marker records";
            }
            catch (OutputException ex)
            {
                return ex.Message;
            }
        }
        return null;
    }

    /// <summary>Writes the marker atomically (temporary file, then rename).</summary>
    /// <exception cref="OutputException">The file cannot be written.</exception>
    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, JobMarkerJsonContext.Default.JobMarker) + "\n");

    /// <summary>Data rows of a track table (lines after the header); -1 when it cannot be read.</summary>
    private static long CountRows(string csv)
    {
        try
        {
            return File.ReadLines(csv).LongCount() - 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}

/// <summary>Source-generated (de)serialization of <see cref="JobMarker"/> (PascalCase members, as written before).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(JobMarker))]
internal sealed partial class JobMarkerJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
