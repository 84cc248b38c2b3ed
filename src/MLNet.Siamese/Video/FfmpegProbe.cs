using System.Globalization;
using System.Text.Json;

namespace MLNet.Siamese.Video;

/// <summary>Runs ffprobe on a file and parses the first video stream's size, rotation, rate and declared frame count.</summary>
internal static class FfmpegProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <exception cref="FrameSourceException">ffprobe fails, times out, or finds no video stream.</exception>
    public static VideoStreamInfo Run(string ffprobe, string path)
    {
        string[] args =
        [
            "-v", "error", "-select_streams", "v:0",
            "-show_entries", "stream=width,height,r_frame_rate,avg_frame_rate,nb_frames:stream_side_data=rotation:stream_tags=rotate",
            "-of", "json", FfmpegTools.FileArgument(path),
        ];
        using var process = FfmpegTools.Start(ffprobe, args, redirectInput: false);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            FfmpegTools.KillQuietly(process);
            throw new FrameSourceException(path, $"ffprobe did not finish within {Timeout.TotalSeconds:0} s");
        }
        process.WaitForExit(); // flushes the async readers
        string error = string.Join(" | ", stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (process.ExitCode != 0)
            throw new FrameSourceException(path, $"not a readable video (ffprobe exit code {process.ExitCode}): {(error.Length > 0 ? error : "no message")}");
        return Parse(path, stdout.Result);
    }

    /// <summary>Parses ffprobe's JSON (separate for tests).</summary>
    internal static VideoStreamInfo Parse(string path, string json)
    {
        JsonElement stream;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (!doc.RootElement.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0)
                throw new FrameSourceException(path, "the file has no video stream");
            stream = streams[0].Clone();
        }
        catch (JsonException e)
        {
            throw new FrameSourceException(path, $"cannot parse ffprobe output: {e.Message}", null, e);
        }
        int width = Int(stream, "width"), height = Int(stream, "height");
        if (width <= 0 || height <= 0 || (long)width * height * 3 > int.MaxValue)
            throw new FrameSourceException(path, $"the video stream has an unusable frame size {width}x{height}");
        int rotation = NormalizeRotation(stream);
        if (rotation % 180 == 90) (width, height) = (height, width); // ffmpeg autorotates: frames come out transposed
        double? fps = Rate(stream, "avg_frame_rate") ?? Rate(stream, "r_frame_rate");
        long? count = stream.TryGetProperty("nb_frames", out var nb) && long.TryParse(nb.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : null;
        return new VideoStreamInfo(width, height, rotation, fps, count);
    }

    private static int Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : 0;

    /// <summary>Parses "num/den"; null for 0/0 and other non-positive rates.</summary>
    private static double? Rate(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.GetString() is not { } text) return null;
        var parts = text.Split('/');
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var num)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var den)
            || !(num > 0) || !(den > 0))
            return null;
        return num / den;
    }

    /// <summary>Display-matrix rotation (side data), else the legacy "rotate" tag, as 0/90/180/270.</summary>
    private static int NormalizeRotation(JsonElement stream)
    {
        double degrees = 0;
        bool found = false;
        if (stream.TryGetProperty("side_data_list", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var sd in list.EnumerateArray())
                if (sd.TryGetProperty("rotation", out var r) && r.ValueKind == JsonValueKind.Number)
                {
                    degrees = r.GetDouble();
                    found = true;
                    break;
                }
        }
        if (!found && stream.TryGetProperty("tags", out var tags) && tags.TryGetProperty("rotate", out var tag)
            && double.TryParse(tag.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
            degrees = -t; // the tag counts clockwise, the display matrix counter-clockwise
        // Like ffmpeg's autorotation: only (nearly) exact quarter turns are applied; anything else is left as stored.
        double quarter = Math.Round(degrees / 90.0);
        if (Math.Abs(degrees - quarter * 90) >= 1) return 0;
        return (((int)quarter % 4 + 4) % 4) * 90;
    }
}
