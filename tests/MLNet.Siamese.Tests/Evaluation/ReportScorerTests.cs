using System.Text.Json;
using System.Xml.Linq;
using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Evaluation.Datasets;
using MLNet.Siamese.Evaluation.Reports;
using MLNet.Siamese.Evaluation.Results;

namespace MLNet.Siamese.Tests.Evaluation;

/// <summary>Scoring result folders of every protocol on synthetic sequences, and the report files.</summary>
public class ReportScorerTests
{
    // Two OTB sequences of 3 frames with ground truth (0,0,10,10).
    private static SyntheticSequences TwoSequences()
    {
        var d = new SyntheticSequences();
        foreach (var name in new[] { "One", "Two" })
        {
            d.Frames($"data/{name}/img", 3);
            d.Text($"data/{name}/groundtruth_rect.txt", SyntheticSequences.Rows(3, "0,0,10,10"));
        }
        return d;
    }

    [Fact]
    public void Otb_results_are_found_in_a_tracker_folder_or_a_parent_and_scored()
    {
        using var d = TwoSequences();
        foreach (var seq in new[] { "One", "Two" })
        {
            d.Text($"results/good/{seq}.txt", "50,50,1,1", "0,0,10,10", "0,0,10,5");   // frame 0 replaced by GT
            d.Text($"results/bad/{seq}.txt", "0,0,10,10", "40,40,10,10", "40,40,10,10");
        }
        d.Text("results/good/times/One_time.txt", "0.1", "0.01", "0.02");
        var dataset = Dataset.Open(Path.Combine(d.Root, "data"));
        var names = dataset.Sequences.Select(s => s.Name).ToList();
        Assert.Equal(["bad", "good"], TrackerFolder.Discover(Path.Combine(d.Root, "results"), EvaluationProtocol.Otb, names).Select(t => t.Name));
        var single = TrackerFolder.Discover(Path.Combine(d.Root, "results", "good"), EvaluationProtocol.Otb, names);
        Assert.Equal("good", Assert.Single(single).Name);

        var report = ReportScorer.Score(dataset, TrackerFolder.Discover(Path.Combine(d.Root, "results"), EvaluationProtocol.Otb, names));
        var good = report.Trackers.Single(t => t.Tracker == "good");
        // Per frame IoU: 1, 1, 0.5 → success curve 1 up to 0.45, 2/3 from 0.5 to 0.95, 0 at 1.
        Assert.Equal((10 + 10 * 2.0 / 3) / 21, good.OnePass!.Auc, 12);
        Assert.Equal(1.0, good.OnePass.Precision);
        Assert.Equal((10 + 100 + 50) / 3.0, good.FramesPerSecond!.Value, 9);
        Assert.Equal(1 / 3.0, report.Trackers.Single(t => t.Tracker == "bad").OnePass!.Precision, 12);
    }

    [Fact]
    public void Malformed_and_missing_result_files_are_errors_naming_file_and_line()
    {
        using var d = TwoSequences();
        string one = d.Text("results/t/One.txt", "0,0,10,10", "0,0,10", "0,0,10,10");
        var dataset = Dataset.Open(Path.Combine(d.Root, "data"));
        var trackers = TrackerFolder.Discover(Path.Combine(d.Root, "results"), EvaluationProtocol.Otb, ["One", "Two"]);
        var ex = Assert.Throws<AnnotationException>(() => ReportScorer.Score(dataset, trackers));
        Assert.Equal((one, 2), (ex.Path, ex.Line));
        File.WriteAllText(one, "0,0,10,10\n0,0,10,10\n");
        ex = Assert.Throws<AnnotationException>(() => ReportScorer.Score(dataset, trackers));
        Assert.Contains("no result for sequence Two of tracker t", ex.Message);
        Assert.EndsWith(Path.Combine("t", "Two.txt"), ex.Path);
        var empty = Directory.CreateDirectory(Path.Combine(d.Root, "empty")).FullName;
        Assert.Contains("no Otb result files", Assert.Throws<AnnotationException>(() => TrackerFolder.Discover(empty, EvaluationProtocol.Otb, ["One"])).Message);
    }

    [Fact]
    public void Short_results_are_scored_on_the_common_prefix_with_a_warning()
    {
        using var d = TwoSequences();
        d.Text("results/t/One.txt", "0,0,10,10", "0,0,10,10");
        d.Text("results/t/Two.txt", SyntheticSequences.Rows(3, "0,0,10,10"));
        var dataset = Dataset.Open(Path.Combine(d.Root, "data"));
        var report = ReportScorer.Score(dataset, TrackerFolder.Discover(Path.Combine(d.Root, "results"), EvaluationProtocol.Otb, ["One", "Two"]));
        Assert.Equal(2, report.Trackers[0].Sequences[0].Frames);
        Assert.Contains(report.Warnings, w => w.Contains("2 result rows for 3 annotated frames"));
    }

    [Fact]
    public void Vot_and_got10k_results_are_read_from_their_toolkit_layouts()
    {
        using var d = new SyntheticSequences();
        d.Frames("data/ball", 8, digits: 8);
        d.Text("data/ball/groundtruth.txt", SyntheticSequences.Rows(8, "0,0,10,10"));
        d.Text("vot/t/baseline/ball/ball_001.txt", "1", "0,0,10,10", "2", "0", "0", "0", "0", "1");
        d.Text("got/t/ball/ball_001.txt", SyntheticSequences.Rows(8, "0,0,10,5"));
        var dataset = Dataset.Open(Path.Combine(d.Root, "data"));
        var vot = ReportScorer.Score(dataset, TrackerFolder.Discover(Path.Combine(d.Root, "vot"), EvaluationProtocol.Vot, ["ball"]),
            new ScoringOptions { Protocol = EvaluationProtocol.Vot, EaoLow = 1, EaoHigh = 3 });
        Assert.Equal(1, vot.Trackers[0].Vot!.Failures);
        // Fragments: failed [init, 1] → Φ(1..3) = 1, 1/2, 1/3; finished [init] → inactive. EAO = mean.
        Assert.Equal((1 + 0.5 + 1 / 3.0) / 3, vot.Trackers[0].Vot!.Eao, 12);
        var got = ReportScorer.Score(dataset, TrackerFolder.Discover(Path.Combine(d.Root, "got"), EvaluationProtocol.Got10k, ["ball"]),
            new ScoringOptions { Protocol = EvaluationProtocol.Got10k });
        Assert.Equal(0.5, got.Trackers[0].Got10k!.AverageOverlap, 12);
        Assert.Equal(7, got.Trackers[0].Got10k!.Frames);   // frame 0 excluded
    }

    [Fact]
    public void Reports_hold_every_measure_and_plots_are_wellformed_svg_with_one_curve_per_tracker()
    {
        using var d = TwoSequences();
        foreach (var t in new[] { "alpha", "beta" })
            foreach (var seq in new[] { "One", "Two" })
                d.Text($"results/{t}/{seq}.txt", "0,0,10,10", t == "alpha" ? "0,0,10,10" : "3,3,10,10", "0,0,10,10");
        var dataset = Dataset.Open(Path.Combine(d.Root, "data"));
        var report = ReportScorer.Score(dataset, TrackerFolder.Discover(Path.Combine(d.Root, "results"), EvaluationProtocol.Otb, ["One", "Two"]));
        var files = ReportWriter.WriteAll(report, Path.Combine(d.Root, "out"));
        Assert.Equal(["summary.json", "summary.csv", "summary.md", "success.svg", "success.png", "precision.svg", "precision.png"], files.Select(Path.GetFileName));

        var csv = File.ReadAllLines(Path.Combine(d.Root, "out", "summary.csv"));
        Assert.Equal("tracker,sequence,frames,auc,precision,norm_precision_pysot,norm_precision_got10k,fps", csv[0]);
        Assert.Equal(7, csv.Length);
        Assert.StartsWith("alpha,mean,6,", csv[3]);

        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(d.Root, "out", "summary.json"))).RootElement;
        Assert.Equal("otb", json.GetProperty("protocol").GetString());
        Assert.Contains("pysot", json.GetProperty("definitions").GetProperty("norm_precision_pysot").GetString());
        var alpha = json.GetProperty("trackers")[0].GetProperty("overall");
        Assert.Equal(report.Trackers[0].OnePass!.Auc, alpha.GetProperty("auc").GetDouble());
        Assert.Equal(21, alpha.GetProperty("success_curve").GetProperty("values").GetArrayLength());

        string md = File.ReadAllText(Path.Combine(d.Root, "out", "summary.md"));
        Assert.Contains("| tracker | AUC | Prec@20 | NPrec (pysot) | NPrec (got10k) | frames/s |", md);
        Assert.Contains("NPrec (got10k)** (`norm_precision_got10k`): got10k LaSOT", md);

        var svg = XDocument.Load(Path.Combine(d.Root, "out", "success.svg"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        // One curve per tracker, drawn inside the clipped plotting area in the tracker's colour (ScottPlot's SVG).
        var curves = svg.Descendants(ns + "g").Where(g => g.Attribute("clip-path") is not null && !g.Descendants(ns + "text").Any())
            .SelectMany(g => g.Descendants(ns + "path"))
            .Select(p => (string?)p.Attribute("stroke")).Where(c => c is not null && c.StartsWith('#')).ToList();
        Assert.Equal(["#4E79A7", "#E15759"], curves.Select(c => c!.ToUpperInvariant()));
        // The PNG: a 640x480 image (IHDR width and height, big-endian).
        var png = File.ReadAllBytes(Path.Combine(d.Root, "out", "success.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(640, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(480, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        var texts = svg.Descendants(ns + "text").Select(t => t.Value.Trim()).ToList();
        Assert.Contains($"alpha [{report.Trackers[0].OnePass!.Auc:F3}]", texts);
        Assert.Contains("Success plots of OPE", texts);
        Assert.Contains("Overlap threshold", texts);
        Assert.Contains($"beta [{report.Trackers[1].OnePass!.Precision:F3}]",
            XDocument.Load(Path.Combine(d.Root, "out", "precision.svg")).Descendants(ns + "text").Select(t => t.Value.Trim()));
    }
}
