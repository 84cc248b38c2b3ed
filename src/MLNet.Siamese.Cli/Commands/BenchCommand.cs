using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// <c>siamese bench</c>: times, in one run on one sequence, frame decoding, the full track step (crop + inference +
/// post-processing) and the model alone (search graphs on the same tensors), and reports their ratio.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model();
        var input = CommonOptions.Input();
        var box = CommonOptions.Box();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var frames = new Option<int>("--frames") { Description = "Frames to decode and track", DefaultValueFactory = _ => 200 };
        var rounds = new Option<int>("--rounds") { Description = "Timed rounds (the median round is reported)", DefaultValueFactory = _ => 5 };
        var reference = new Option<double?>("--reference-ms") { Description = "ms/frame of a reference tracker, to report the speed-up" };
        var json = new Option<string?>("--json") { Description = "Also write the figures as JSON to this file" };
        var command = new Command("bench", "Benchmark a model pack on a sequence: decode, track step and model-only times")
        {
            model, input, box, device, threads, frames, rounds, reference, json,
        };
        command.SetAction(r => CliRunner.Run(() => Run(r.GetValue(model)!, r.GetValue(input)!, r.GetValue(box), r.GetValue(device),
            r.GetValue(threads), Math.Max(2, r.GetValue(frames)), Math.Max(1, r.GetValue(rounds)), r.GetValue(reference), r.GetValue(json))));
        return command;
    }

    private static int Run(string modelPath, string inputPath, BoundingBox box, ExecutionDevice device, int threads, int frameCount,
        int rounds, double? referenceMs, string? jsonPath)
    {
        var decoded = new List<Frame>();
        var decodeClock = Stopwatch.StartNew();
        using (var source = FrameSource.Open(inputPath))
        {
            while (decoded.Count < frameCount && source.ReadNext() is { } f) decoded.Add(f);
        }
        decodeClock.Stop();
        if (decoded.Count < 2) throw new FrameSourceException(inputPath, "the benchmark needs at least 2 frames");
        double decodeMs = decodeClock.Elapsed.TotalMilliseconds / decoded.Count;

        try
        {
            var timings = new StageTimings();
            using var tracker = SiameseTracker.Create(modelPath, new InferenceOptions { Device = device, IntraOpThreads = threads },
                new TrackerOptions { Timings = timings });
            int steps = decoded.Count - 1;
            var results = new List<Round>();
            for (int round = 0; round <= rounds; round++)
            {
                tracker.Init(decoded[0], box);
                timings.Reset();
                long start = Stopwatch.GetTimestamp();
                for (int i = 1; i < decoded.Count; i++) tracker.Track(decoded[i]);
                double trackMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds / steps;
                double modelMs = tracker.MeasureSearchInference(steps).TotalMilliseconds / steps;
                if (round > 0) // round 0 warms up caches and ONNX Runtime's allocations
                    results.Add(new Round(trackMs, modelMs, timings.Crop.TotalMilliseconds / steps,
                        timings.Inference.TotalMilliseconds / steps, timings.Decode.TotalMilliseconds / steps));
            }
            var median = results.OrderBy(r => r.TrackMs).ElementAt(results.Count / 2);
            Report(tracker, inputPath, decoded, decodeMs, median, results.Count, threads, referenceMs, jsonPath);
        }
        finally
        {
            foreach (var f in decoded) f.Dispose();
        }
        return CliRunner.Success;
    }

    private sealed record Round(double TrackMs, double ModelMs, double CropMs, double InferenceMs, double PostMs);

    private static void Report(SiameseTracker tracker, string input, List<Frame> frames, double decodeMs, Round m, int rounds,
        int threads, double? referenceMs, string? jsonPath)
    {
        var c = CultureInfo.InvariantCulture;
        double ratio = m.TrackMs / m.ModelMs;
        Console.WriteLine(string.Create(c, $"model {tracker.Pack.Name} on {tracker.Device} ({threads} intra-op thread(s)); input {input} ({frames[0].Width}x{frames[0].Height}, {frames.Count} frames); median of {rounds} rounds"));
        Console.WriteLine(string.Create(c, $"  frame decode              {decodeMs,8:0.000} ms/frame  (separate from the track step)"));
        Console.WriteLine(string.Create(c, $"  track step: crop          {m.CropMs,8:0.000} ms/frame"));
        Console.WriteLine(string.Create(c, $"              inference     {m.InferenceMs,8:0.000} ms/frame"));
        Console.WriteLine(string.Create(c, $"              post-process  {m.PostMs,8:0.000} ms/frame"));
        Console.WriteLine(string.Create(c, $"  track step total          {m.TrackMs,8:0.000} ms/frame  ({1000 / m.TrackMs:0} frames/s)"));
        Console.WriteLine(string.Create(c, $"  model only (search graphs){m.ModelMs,8:0.000} ms/frame"));
        Console.WriteLine(string.Create(c, $"  track step / model only   {ratio,8:0.000}"));
        if (referenceMs is { } r)
            Console.WriteLine(string.Create(c, $"  speed-up vs reference     {r / m.TrackMs,8:0.0}x  (reference {r} ms/frame)"));
        if (jsonPath is not null)
        {
            var doc = new
            {
                model = tracker.Pack.Name, device = tracker.Device.ToString(), threads, input, frames = frames.Count, rounds,
                decode_ms = decodeMs, crop_ms = m.CropMs, inference_ms = m.InferenceMs, postprocess_ms = m.PostMs,
                track_ms = m.TrackMs, model_only_ms = m.ModelMs, track_over_model = ratio,
                reference_ms = referenceMs, speedup_vs_reference = referenceMs / m.TrackMs,
            };
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
    }
}
