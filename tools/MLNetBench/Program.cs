// ML.NET adapter benchmarks; each prints its baseline measured in the same process.
//   parallel <pack> <videos.csv> [max-frames] [rounds]
//       TrackObject over a video table: one worker (MaxParallelism 1) vs the default pool.
//   onnx <pack> [frames] [rounds]
//       The per-frame model call three ways on the same inputs: ML.NET's ApplyOnnxModel over a table of search crops
//       (one row per frame: a new tensor per row, values copied in and out through VBuffers), ONNX Runtime's
//       InferenceSession.Run with new tensors per call, and the tracker's ModelWorkspace (OrtValues over buffers
//       allocated once and reused). Why the tracker calls ONNX Runtime directly.
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MLNet.Siamese.Inference;
using MLNet.Siamese.ML;

if (args.Length < 2 || args[0] is not ("parallel" or "onnx"))
{
    Console.Error.WriteLine("usage: MLNetBench parallel <pack> <videos.csv> [max-frames] [rounds] | onnx <pack> [frames] [rounds]");
    return 2;
}
return args[0] == "parallel" ? ParallelBench.Run(args) : OnnxBench.Run(args);

internal static class ParallelBench
{
    public static int Run(string[] args)
    {
        var ml = new MLContext(seed: 0);
        string csv = args[2];
        var videos = ml.Data.LoadFromTextFile<VideoRow>(csv, separatorChar: ',', hasHeader: true);
        long? maxFrames = args.Length > 3 ? long.Parse(args[3], CultureInfo.InvariantCulture) : null;
        int rounds = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 3;
        double Time(int parallelism)
        {
            using var model = ml.Transforms.TrackObject(new TrackObjectOptions
            {
                ModelPack = args[1], VideoFolder = Path.GetDirectoryName(Path.GetFullPath(csv)), MaxFrames = maxFrames, MaxParallelism = parallelism,
            }).Fit(videos);
            double best = double.MaxValue;
            for (int r = 0; r < rounds; r++)
            {
                var watch = Stopwatch.StartNew();
                long frames = model.Transform(videos).GetColumn<int>("FrameCount").Sum();
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
                if (r == 0) Console.WriteLine($"MaxParallelism {parallelism}: {frames} frames");
            }
            return best;
        }
        Time(1); // warm-up: model load, JIT, file cache
        int pool = new TrackObjectOptions { ModelPack = args[1] }.MaxParallelism;
        double serial = Time(1), parallel = Time(pool);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores: serial {serial:0.000} s, MaxParallelism {pool} {parallel:0.000} s, speed-up {serial / parallel:0.00}x (best of {rounds})"));
        return 0;
    }

    private sealed class VideoRow
    {
        [LoadColumn(0)] public string Video { get; set; } = "";
        [LoadColumn(1)] public float X { get; set; }
        [LoadColumn(2)] public float Y { get; set; }
        [LoadColumn(3)] public float Width { get; set; }
        [LoadColumn(4)] public float Height { get; set; }
    }
}

internal static class OnnxBench
{
    public static int Run(string[] args)
    {
        string pack = args[1];
        int frames = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
        int rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        using var model = SiameseModel.Load(pack, new InferenceOptions { IntraOpThreads = 1 });
        if (model.Pack.TemplateGraphs.Count != 1 || model.Pack.SearchGraphs.Count != 1)
        {
            Console.Error.WriteLine("error: this benchmark takes a pack with one template and one search graph");
            return 1;
        }
        var search = model.Pack.SearchGraphs[0];
        var inputs = search.Inputs.Select(i => (Name: i.OnnxName, Shape: i.Shape.Select(d => d < 0 ? 1 : (int)d).ToArray())).ToList();
        var outputs = search.Outputs.Select(o => o.OnnxName).ToArray();
        var random = new Random(1);
        var rows = Enumerable.Range(0, frames).Select(_ => inputs.Select(i => RandomArray(random, i.Shape.Aggregate(1, (a, b) => a * b))).ToArray()).ToList();
        Console.WriteLine($"{Path.GetFileName(search.File)}: inputs {string.Join(", ", inputs.Select(i => $"{i.Name}[{string.Join('x', i.Shape)}]"))}, {frames} frames, best of {rounds}");

        // 1. ML.NET ApplyOnnxModel over a table with one row per frame.
        var ml = new MLContext(seed: 0);
        var schema = SchemaDefinition.Create(typeof(SearchRow));
        var (a, b) = (schema[nameof(SearchRow.A)], schema[nameof(SearchRow.B)]); // the indexer finds columns by (current) name
        (a.ColumnName, a.ColumnType) = (inputs[0].Name, new VectorDataViewType(NumberDataViewType.Single, inputs[0].Shape));
        (b.ColumnName, b.ColumnType) = (inputs[1].Name, new VectorDataViewType(NumberDataViewType.Single, inputs[1].Shape));
        var table = ml.Data.LoadFromEnumerable(rows.Select(r => new SearchRow { A = r[0], B = r[1] }), schema);
        var shapes = inputs.ToDictionary(i => i.Name, i => i.Shape);
        var onnx = ml.Transforms.ApplyOnnxModel(outputs, inputs.Select(i => i.Name).ToArray(), search.File, shapes, gpuDeviceId: null, fallbackToCpu: false).Fit(table);
        var scored = onnx.Transform(table);
        double ApplyOnnxModel()
        {
            using var cursor = scored.GetRowCursor(scored.Schema.Where(c => outputs.Contains(c.Name)));
            var getters = outputs.Select(o => cursor.GetGetter<VBuffer<float>>(scored.Schema[o])).ToArray();
            VBuffer<float> value = default;
            double sum = 0;
            while (cursor.MoveNext())
                foreach (var g in getters) { g(ref value); sum += value.GetValues()[0]; }
            return sum;
        }

        // 2. InferenceSession.Run with new tensors per call (what a straightforward C# caller writes).
        using var session = new InferenceSession(search.File, new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 });
        double NewTensors()
        {
            double sum = 0;
            foreach (var r in rows)
            {
                var feeds = inputs.Select((i, k) => NamedOnnxValue.CreateFromTensor(i.Name, new DenseTensor<float>(r[k], i.Shape))).ToList();
                using var result = session.Run(feeds, outputs);
                foreach (var o in result) sum += o.AsTensor<float>().GetValue(0);
            }
            return sum;
        }

        // 3. The tracker's ModelWorkspace: tensors bound once, inputs written in place, outputs read in place.
        using var workspace = model.CreateWorkspace();
        double Workspace()
        {
            double sum = 0;
            foreach (var r in rows)
            {
                for (int k = 0; k < inputs.Count; k++) r[k].CopyTo(workspace.Tensor(search.Inputs[k].Bind));
                workspace.Score();
                foreach (var o in search.Outputs) sum += workspace.Tensor(o.Bind)[0];
            }
            return sum;
        }

        var results = new (string Name, Func<double> Run)[] { ("ApplyOnnxModel (ML.NET OnnxTransformer)", ApplyOnnxModel), ("InferenceSession.Run, new tensors", NewTensors), ("ModelWorkspace (reused OrtValues)", Workspace) }
            .Select(m =>
            {
                double check = m.Run(); // warm-up (and the same outputs)
                double best = double.MaxValue;
                for (int r = 0; r < rounds; r++)
                {
                    var w = Stopwatch.StartNew();
                    m.Run();
                    best = Math.Min(best, w.Elapsed.TotalMilliseconds / frames);
                }
                return (m.Name, Ms: best, Check: check);
            }).ToList();
        double baseline = results[^1].Ms;
        foreach (var (name, ms, check) in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-42} {ms,7:0.000} ms/frame  {ms / baseline,5:0.00}x  (output checksum {check:0.####})"));
        return 0;
    }

    private static float[] RandomArray(Random random, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)random.NextDouble() * 255f;
        return a;
    }
}

/// <summary>One frame's search-graph inputs (column names and shapes are set through a SchemaDefinition).</summary>
public sealed class SearchRow
{
    public float[] A { get; set; } = [];
    public float[] B { get; set; } = [];
}
