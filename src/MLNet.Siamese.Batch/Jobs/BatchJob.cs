using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Batch;

/// <summary>One video (or frame folder) and the targets to track through it.</summary>
/// <param name="Id">Identifier of the job, unique within a run: the <c>source</c> column of the tables and the name of
/// its per-video files.</param>
/// <param name="Video">Video file or folder of JPEG/PNG frames.</param>
/// <param name="Targets">The targets, in the order their rows appear in the tables.</param>
public sealed record BatchJob(string Id, string Video, IReadOnlyList<BatchTarget> Targets)
{
    /// <summary>The earliest start frame: where decoding begins.</summary>
    public long FirstFrame => Targets.Count == 0 ? 0 : Targets.Min(t => t.StartFrame);

    /// <summary>Checks what the pipeline relies on: an id usable as a file name, a video, targets with unique ids and valid boxes.</summary>
    /// <exception cref="ArgumentException">The job is malformed; the message names the job and the field.</exception>
    public void Validate()
    {
        if (!JobIds.IsValid(Id)) throw new ArgumentException($"job id '{Id}' must be 1-100 characters of letters, digits, '.', '-' or '_' and not start with '.'");
        if (string.IsNullOrWhiteSpace(Video)) throw new ArgumentException($"job '{Id}': video is empty");
        if (Targets is null || Targets.Count == 0) throw new ArgumentException($"job '{Id}': no targets");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in Targets)
        {
            if (string.IsNullOrEmpty(t.Id)) throw new ArgumentException($"job '{Id}': a target has an empty id");
            if (!seen.Add(t.Id)) throw new ArgumentException($"job '{Id}': target id '{t.Id}' is used twice");
            if (t.StartFrame < 0) throw new ArgumentException($"job '{Id}' target '{t.Id}': start frame {t.StartFrame} is negative");
            if (!t.Box.IsValid) throw new ArgumentException($"job '{Id}' target '{t.Id}': box {t.Box} needs finite values and a positive width and height");
        }
    }
}

/// <summary>One object to track through a job's video.</summary>
/// <param name="Id">Identifier of the target, unique within its job (the <c>target</c> column of the tables).</param>
/// <param name="StartFrame">Zero-based index of the frame <paramref name="Box"/> refers to; tracking starts there.</param>
/// <param name="Box">The target's box on the start frame (x, y, w, h in pixels, top-left corner).</param>
public sealed record BatchTarget(string Id, long StartFrame, BoundingBox Box);
