using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MLNet.Siamese.Evaluation.Datasets;
using MLNet.Siamese.Evaluation.Running;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Imaging;
using MLNet.Siamese.Inference;
using MLNet.Siamese.Tracking;
using MLNet.Siamese.Video;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// <c>siamese bench</c>: for each tracker, times in one run on one sequence frame decoding, the track step's crop,
/// inference and post-processing, the full step (and frames/s), and the model alone (search graphs on the same
/// tensors), and reports their ratio. Frames are decoded once and shared by all trackers.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var model = OptionFactory.Paths("--model", "Model pack folder(s) (holding model.json); repeat or list several to compare trackers", true, "-m");
        var input = CommonOptions.Input();
        input.Description = "Video file, folder of images, or an annotated sequence folder (then --box defaults to its first ground-truth box)";
        var box = CommonOptions.Box();
        box.Required = false;
        var device = CommonOptions.Device();
        var noFallback = CommonOptions.NoCpuFallback();
        var threads = CommonOptions.Threads();
        // The frames are decoded into memory first: 5000 VGA frames take 4.6 GB.
        var frames = OptionFactory.Int("--frames", "Frames to decode and track, 2..5000 (held decoded in memory)", 200, 2, 5000);
        var rounds = OptionFactory.Int("--rounds", "Timed rounds (the median round is reported), 1..100", 5, 1, 100);
        var reference = OptionFactory.OptionalPositive("--reference-ms", "ms/frame of a reference tracker, to report the speed-up");
        var json = OptionFactory.OptionalPath("--json", "Also write the figures as JSON to this file");
        var command = new Command("bench", "Benchmark model packs on a sequence: decode, crop, inference, post-processing, track step and model-only times")
        {
            model, input, box, device, noFallback, threads, frames, rounds, reference, json,
        };
        command.SetAction(r => CliRunner.Run(() => Run(r.GetValue(model)!, r.GetValue(input)!, r.GetResult(box) is null ? null : r.GetValue(box),
            new InferenceOptions { Device = r.GetValue(device), FallbackToCpu = !r.GetValue(noFallback), IntraOpThreads = r.GetValue(threads), Logger = CliLogging.Logger },
            r.GetValue(frames), r.GetValue(rounds), r.GetValue(reference), r.GetValue(json))));
        return command;
    }

    private static int Run(string[] modelPaths, string inputPath, BoundingBox? box, InferenceOptions inference, int frameCount,
        int rounds, double? referenceMs, string? jsonPath)
    {
        var (source, initBox) = Open(inputPath, box);
        var decoded = new List<Frame>();
        var decodeClock = Stopwatch.StartNew();
        using (source)
        {
            while (decoded.Count < frameCount && source.ReadNext() is { } f) decoded.Add(f);
        }
        decodeClock.Stop();
        try
        {
            if (decoded.Count < 2) throw new FrameSourceException(inputPath, "the benchmark needs at least 2 frames");
            double decodeMs = decodeClock.Elapsed.TotalMilliseconds / decoded.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"input {inputPath} ({decoded[0].Width}x{decoded[0].Height}, {decoded.Count} frames), box {initBox}; {inference.IntraOpThreads} intra-op thread(s); median of {rounds} rounds"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  frame decode              {decodeMs,8:0.000} ms/frame  (separate from the track step)"));
            var results = new List<TrackerBench>();
            foreach (var path in modelPaths)
            {
                var result = Measure(path, decoded, initBox, inference, rounds);
                Report(result, decodeMs, referenceMs);
                results.Add(result);
            }
            if (jsonPath is not null) WriteJson(jsonPath, inputPath, decoded.Count, rounds, inference.IntraOpThreads, decodeMs, referenceMs, results);
        }
        finally
        {
            foreach (var f in decoded) f.Dispose();
        }
        return CliRunner.Success;
    }

    /// <summary>An annotated sequence folder gives its own frames and (pysot convention) first box; anything else needs --box.</summary>
    private static (IFrameSource Source, BoundingBox Box) Open(string inputPath, BoundingBox? box)
    {
        if (Directory.Exists(inputPath) && SequenceFolderReader.IsSequence(inputPath))
        {
            var sequence = SequenceFolderReader.Read(inputPath)[0];
            var initBox = box ?? InitBox.From(sequence.GroundTruth[0], InitConvention.Pysot);
            return (new ImageFolderSource(sequence.Folder, sequence.Frames.ToArray(), null), initBox);
        }
        if (box is null) throw new FrameSourceException(inputPath, "--box is required unless --input is an annotated sequence folder");
        return (FrameSource.Open(inputPath), box.Value);
    }

    private sealed record Round(double TrackMs, double ModelMs, double CropMs, double InferenceMs, double PostMs);

    private sealed record TrackerBench(string Name, string Device, Round Median);

    private static TrackerBench Measure(string modelPath, List<Frame> decoded, BoundingBox box, InferenceOptions inference, int rounds)
    {
        using var timings = new TrackStageTimes();
        using var model = CliRunner.Load(inference, () => SiameseModel.Load(modelPath, inference));
        using var tracker = SiameseTracker.Create(model);
        // Model-only baseline: the search graphs alone, on a workspace of their own (template encoded once). Dense
        // ONNX Runtime kernels take the same time whatever the tensor values, so the crops need not be real here.
        using var searchOnly = model.CreateWorkspace();
        searchOnly.EncodeTemplate();
        int steps = decoded.Count - 1;
        var results = new List<Round>();
        for (int round = 0; round <= rounds; round++)
        {
            tracker.Init(decoded[0], box);
            timings.Reset();
            long start = Stopwatch.GetTimestamp();
            for (int i = 1; i < decoded.Count; i++) tracker.Track(decoded[i]);
            double trackMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds / steps;
            long modelStart = Stopwatch.GetTimestamp();
            for (int i = 0; i < steps; i++) searchOnly.Score();
            double modelMs = Stopwatch.GetElapsedTime(modelStart).TotalMilliseconds / steps;
            if (round > 0) // round 0 warms up caches and ONNX Runtime's allocations
                results.Add(new Round(trackMs, modelMs, timings.Crop.TotalMilliseconds / steps,
                    timings.Inference.TotalMilliseconds / steps, timings.Decode.TotalMilliseconds / steps));
        }
        return new TrackerBench(tracker.Pack.Name, tracker.Device.ToString(), results.OrderBy(r => r.TrackMs).ElementAt(results.Count / 2));
    }

    private static void Report(TrackerBench t, double decodeMs, double? referenceMs)
    {
        var c = CultureInfo.InvariantCulture;
        var m = t.Median;
        Console.WriteLine(string.Create(c, $"model {t.Name} on {t.Device}"));
        Console.WriteLine(string.Create(c, $"  track step: crop          {m.CropMs,8:0.000} ms/frame"));
        Console.WriteLine(string.Create(c, $"              inference     {m.InferenceMs,8:0.000} ms/frame"));
        Console.WriteLine(string.Create(c, $"              post-process  {m.PostMs,8:0.000} ms/frame"));
        Console.WriteLine(string.Create(c, $"  track step total          {m.TrackMs,8:0.000} ms/frame  ({1000 / m.TrackMs:0} frames/s; {1000 / (m.TrackMs + decodeMs):0} frames/s with decode)"));
        Console.WriteLine(string.Create(c, $"  model only (search graphs){m.ModelMs,8:0.000} ms/frame"));
        Console.WriteLine(string.Create(c, $"  track step / model only   {m.TrackMs / m.ModelMs,8:0.000}"));
        if (referenceMs is { } r)
            Console.WriteLine(string.Create(c, $"  speed-up vs reference     {r / m.TrackMs,8:0.0}x  (reference {r} ms/frame)"));
    }

    private static void WriteJson(string path, string input, int frames, int rounds, int threads, double decodeMs, double? referenceMs, List<TrackerBench> results)
    {
        var doc = new
        {
            input, frames, rounds, threads, decode_ms = decodeMs, reference_ms = referenceMs,
            trackers = results.Select(t => new
            {
                model = t.Name, device = t.Device, crop_ms = t.Median.CropMs, inference_ms = t.Median.InferenceMs,
                postprocess_ms = t.Median.PostMs, track_ms = t.Median.TrackMs, fps = 1000 / t.Median.TrackMs,
                fps_with_decode = 1000 / (t.Median.TrackMs + decodeMs), model_only_ms = t.Median.ModelMs,
                track_over_model = t.Median.TrackMs / t.Median.ModelMs, speedup_vs_reference = referenceMs / t.Median.TrackMs,
            }).ToList(),
        };
        MLNet.Siamese.Output.AtomicFile.WriteAllText(path, JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
