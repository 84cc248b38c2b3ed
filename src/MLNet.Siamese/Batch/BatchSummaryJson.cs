using System.Text;
using System.Text.Json;

namespace MLNet.Siamese.Batch;

/// <summary>Writes a <see cref="BatchSummary"/> as the <c>summary.json</c> document (snake_case, rounded figures).</summary>
internal static class BatchSummaryJson
{
    private const double MiB = 1024 * 1024;

    public static string Serialize(BatchSummary s)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            var st = s.Statistics;
            var r = s.Resources;
            w.WriteStartObject();
            w.WriteString("model", s.Model);
            w.WriteString("device", s.Device);
            w.WriteString("inference", st.InferenceMode);
            w.WriteBoolean("interrupted", s.Interrupted);

            w.WriteStartObject("videos");
            w.WriteNumber("total", s.Jobs.Count);
            w.WriteNumber("completed", s.Completed);
            w.WriteNumber("skipped", s.Skipped);
            w.WriteNumber("failed", s.Failed);
            w.WriteNumber("cancelled", s.Cancelled);
            w.WriteEndObject();

            w.WriteNumber("frames", st.Frames);
            w.WriteNumber("elapsed_s", Math.Round(st.Elapsed.TotalSeconds, 3));
            w.WriteNumber("frames_per_second", Math.Round(st.FramesPerSecond, 1));
            w.WriteStartObject("stage_busy_ms");
            w.WriteNumber("decode", Ms(st.Decode));
            w.WriteNumber("crop", Ms(st.Crop));
            w.WriteNumber("template_init", Ms(st.TemplateInit));
            w.WriteNumber("inference", Ms(st.Inference));
            w.WriteNumber("box_decode", Ms(st.BoxDecode));
            w.WriteEndObject();
            w.WriteNumber("model_calls", st.ModelCalls);
            w.WriteNumber("mean_batch", Math.Round(st.MeanBatchSize, 2));

            var o = s.Options;
            w.WriteStartObject("options");
            w.WriteNumber("max_open_videos", o.MaxOpenVideos);
            w.WriteNumber("frame_queue_depth", o.FrameQueueDepth);
            w.WriteNumber("max_batch_size", o.MaxBatchSize);
            w.WriteNumber("inference_workers", o.InferenceWorkers);
            w.WriteString("batching", o.Inference.ToString().ToLowerInvariant());
            if (o.MaxFrames is { } m) w.WriteNumber("max_frames", m);
            else w.WriteNull("max_frames");
            w.WriteEndObject();

            w.WriteStartObject("memory");
            w.WriteNumber("peak_working_set_mib", Math.Round(r.PeakWorkingSetBytes / MiB, 1));
            w.WriteNumber("working_set_mib", Math.Round(r.WorkingSetBytes / MiB, 1));
            w.WriteNumber("managed_heap_mib", Math.Round(r.ManagedHeapBytes / MiB, 1));
            w.WriteNumber("total_allocated_mib", Math.Round(r.TotalAllocatedBytes / MiB, 1));
            w.WriteStartArray("gc_collections");
            w.WriteNumberValue(r.Gen0Collections);
            w.WriteNumberValue(r.Gen1Collections);
            w.WriteNumberValue(r.Gen2Collections);
            w.WriteEndArray();
            w.WriteNumber("gc_pause_ms", Ms(r.GcPause));
            w.WriteEndObject();

            w.WriteStartArray("jobs");
            foreach (var j in s.Jobs)
            {
                w.WriteStartObject();
                w.WriteString("id", j.Id);
                w.WriteString("video", j.Video);
                w.WriteNumber("targets", j.Targets);
                w.WriteString("status", j.Outcome.Status.ToString().ToLowerInvariant());
                w.WriteNumber("frames", j.Outcome.Frames);
                w.WriteNumber("records", j.Outcome.Records);
                if (j.Outcome.Error is { } e) w.WriteString("error", e);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private static double Ms(TimeSpan t) => Math.Round(t.TotalMilliseconds, 1);
}
