using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Evaluation.Datasets;
using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Tests.Evaluation;

/// <summary>Layout detection and reading on small synthetic folders of every benchmark layout.</summary>
public class DatasetTests
{
    [Fact]
    public void Otb_sequence_starting_at_a_later_frame_maps_row_zero_to_its_first_image()
    {
        using var d = new SyntheticSequences();
        d.Frames("Dog/img", 3, first: 300);
        d.Text("Dog/groundtruth_rect.txt", "1\t2\t3\t4", "5 6 7 8", "9,10,11,12");
        var s = Assert.Single(Dataset.Open(d.Root).Sequences);
        Assert.Equal(DatasetLayout.Otb, s.Layout);
        Assert.Equal(300, s.FirstFrameNumber);
        Assert.Equal("0300.png", Path.GetFileName(s.Frames[0]));
        Assert.Equal(new BoundingBox(9, 10, 11, 12), s.Boxes[2]);
        Assert.Empty(s.Warnings);
    }

    [Fact]
    public void Full_otb_folder_of_a_special_sequence_is_cut_to_its_annotated_range()
    {
        using var d = new SyntheticSequences();
        d.Frames("Football1/img", 80);
        d.Text("Football1/groundtruth_rect.txt", SyntheticSequences.Rows(74, "1,2,3,4"));
        var s = Assert.Single(Dataset.Open(d.Root).Sequences);
        Assert.Equal(74, s.Length);
        Assert.Empty(s.Warnings);   // the range table, not a ground-truth shortfall
    }

    [Fact]
    public void Multi_target_otb_folder_gives_one_sequence_per_ground_truth_file()
    {
        using var d = new SyntheticSequences();
        d.Frames("Jogging/img", 2);
        d.Text("Jogging/groundtruth_rect.1.txt", "1,2,3,4", "1,2,3,4");
        d.Text("Jogging/groundtruth_rect.2.txt", "5,6,7,8", "5,6,7,8");
        Assert.Equal(["Jogging.1", "Jogging.2"], Dataset.Open(d.Root).Sequences.Select(s => s.Name));
    }

    [Fact]
    public void Uav_copy_keeps_nan_rows_and_warns_when_ground_truth_is_shorter_than_the_frames()
    {
        using var d = new SyntheticSequences();
        d.Frames("car1_2/img", 5, first: 416, digits: 6);
        string gt = d.Text("car1_2/groundtruth.txt", "1,2,3,4", "NaN,NaN,NaN,NaN", "1,2,3,4", "");
        var s = Assert.Single(Dataset.Open(d.Root).Sequences);
        Assert.Equal(DatasetLayout.Uav123, s.Layout);
        Assert.Equal(3, s.Length);
        Assert.False(s.GroundTruth[1].IsValid);
        Assert.Equal($"{gt}: 3 ground-truth rows for 5 frames: evaluating the first 3 frames", Assert.Single(s.Warnings));
    }

    [Fact]
    public void Original_uav123_tree_reads_split_sub_sequences_from_the_pysot_frame_list()
    {
        using var d = new SyntheticSequences();
        d.Frames("data_seq/UAV123/car16", 10, digits: 6);
        d.Frames("data_seq/UAV123/bike1", 2, digits: 6);
        d.Text("anno/UAV123/bike1.txt", "1,2,3,4", "1,2,3,4");
        d.Text("anno/UAV123/car16_2.txt", "1,2,3,4", "NaN,NaN,NaN,NaN", "5,6,7,8");
        d.Text("UAV123.json", """{"car16_2": {"img_names": ["car16/000006.jpg", "car16/000007.png", "car16/000008.png"]}}""".Replace(".jpg", ".png"));
        var seqs = Dataset.Open(d.Root).Sequences;
        Assert.Equal(["bike1", "car16_2"], seqs.Select(s => s.Name));
        Assert.Equal(["000006.png", "000007.png", "000008.png"], seqs[1].Frames.Select(Path.GetFileName));
        Assert.Equal(6, seqs[1].FirstFrameNumber);

        File.Delete(Path.Combine(d.Root, "UAV123.json"));
        var ex = Assert.Throws<AnnotationException>(() => Dataset.Open(d.Root));
        Assert.Contains("car16_2.txt: split sub-sequence of car16: its frame range is not in the annotation", ex.Message);
    }

    [Fact]
    public void Vot_sequence_reads_polygons_with_frames_in_color()
    {
        using var d = new SyntheticSequences();
        d.Frames("ball/color", 2, digits: 8, extension: ".png");
        d.Text("ball/groundtruth.txt", "5,0,10,5,5,10,0,5", "1,1,4,4");
        var s = Assert.Single(Dataset.Open(d.Root).Sequences);
        Assert.Equal(DatasetLayout.Vot, s.Layout);
        Assert.Equal(RegionKind.Polygon, s.GroundTruth[0].Kind);
        Assert.Equal(new BoundingBox(0, 0, 10, 10), s.Boxes[0]);
        Assert.Equal(64, s.FrameSize.Width);
    }

    [Fact]
    public void Got10k_sequence_takes_visibility_from_cover_labels()
    {
        using var d = new SyntheticSequences();
        d.Frames("GOT-10k_Val_000001", 4, digits: 8);
        d.Text("GOT-10k_Val_000001/groundtruth.txt", SyntheticSequences.Rows(4, "1,2,3,4"));
        d.Text("GOT-10k_Val_000001/absence.label", "0", "1", "0", "0");
        d.Text("GOT-10k_Val_000001/cover.label", "8", "0", "3", "0");
        var s = Assert.Single(Dataset.Open(d.Root).Sequences);
        Assert.Equal(DatasetLayout.Got10k, s.Layout);
        Assert.Equal([true, false, true, false], s.Visible!);
    }

    [Fact]
    public void Lasot_class_folders_are_searched_and_occlusion_files_hide_frames()
    {
        using var d = new SyntheticSequences();
        d.Frames("airplane/airplane-1/img", 4, digits: 8);
        d.Text("airplane/airplane-1/groundtruth.txt", SyntheticSequences.Rows(4, "1,2,3,4"));
        d.Text("airplane/airplane-1/full_occlusion.txt", "0,1,0,0");
        d.Text("airplane/airplane-1/out_of_view.txt", "0,0,0,1");
        var s = Assert.Single(Dataset.Open(d.Root).Sequences);
        Assert.Equal(("airplane-1", DatasetLayout.Lasot), (s.Name, s.Layout));
        Assert.Equal([true, false, true, false], s.Visible!);
    }

    [Fact]
    public void Layouts_mix_in_one_dataset_and_can_be_filtered()
    {
        using var d = new SyntheticSequences();
        d.Frames("A/img", 2);
        d.Text("A/groundtruth_rect.txt", "1,2,3,4", "1,2,3,4");
        d.Frames("b", 2);
        d.Text("b/groundtruth.txt", "1,2,3,4", "1,2,3,4");
        Assert.Equal([DatasetLayout.Otb, DatasetLayout.Vot], Dataset.Open(d.Root).Sequences.Select(s => s.Layout));
        Assert.Equal("b", Assert.Single(Dataset.Open(d.Root, ["B"]).Sequences).Name);
        Assert.Contains("no sequence named 'c'", Assert.Throws<AnnotationException>(() => Dataset.Open(d.Root, ["c"])).Message);
    }

    [Fact]
    public void Malformed_ground_truth_and_missing_sequences_are_errors_naming_the_file()
    {
        using var d = new SyntheticSequences();
        Assert.Contains("no sequences found", Assert.Throws<AnnotationException>(() => Dataset.Open(d.Root)).Message);
        d.Frames("A/img", 2);
        string gt = d.Text("A/groundtruth_rect.txt", "1,2,3,4", "1;2;3;4");
        var ex = Assert.Throws<AnnotationException>(() => Dataset.Open(d.Root));
        Assert.Equal((gt, 2), (ex.Path, ex.Line));
        string label = d.Text("G/cover.label", "x");
        d.Frames("G", 1, digits: 8);
        d.Text("G/groundtruth.txt", "1,2,3,4");
        File.WriteAllText(gt, "1,2,3,4\n1,2,3,4\n");
        Assert.StartsWith($"{label}: line 1:", Assert.Throws<AnnotationException>(() => Dataset.Open(d.Root)).Message);
    }
}
