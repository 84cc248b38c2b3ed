using MLNet.Siamese.Evaluation;
using MLNet.Siamese.Evaluation.Results;
using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Tests.Evaluation;

/// <summary>Ground-truth, label, result and times files: accepted variants and errors naming file and line.</summary>
public class AnnotationFileTests
{
    [Fact]
    public void Rows_accept_commas_tabs_spaces_nan_polygons_and_a_last_line_without_newline()
    {
        using var seqs = new SyntheticSequences();
        string path = seqs.Text("gt.txt", "1,2,3,4", "5\t6\t7\t8", "9 10  11 12", "NaN,NaN,NaN,NaN", "0,0,10,0,10,5,0,5", "nan,1,2,3", "");
        var regions = RegionFile.Read(path);
        Assert.Equal(6, regions.Count);
        Assert.Equal(new BoundingBox(5, 6, 7, 8), regions[1].Box);
        Assert.Equal(new BoundingBox(9, 10, 11, 12), regions[2].Box);
        Assert.False(regions[3].IsValid);
        Assert.Equal(RegionKind.Polygon, regions[4].Kind);
        Assert.Equal(new BoundingBox(0, 0, 10, 5), regions[4].Box);
        Assert.Equal(new BoundingBox(0, 0, 10, 5), BoxFile.Read(path)[4]);
    }

    [Theory]
    [InlineData("1,2,3", 2, "expected 4 values x,y,w,h or 8 polygon values, found 3")]
    [InlineData("1,2,x,4", 2, "'x' is not a number")]
    [InlineData("", 2, "empty line")]
    [InlineData("1,2,3,4,5,6", 2, "found 6")]
    [InlineData("1,2,inf,4", 2, "'inf' is not a number")]
    public void Malformed_rows_name_the_file_and_line(string bad, int line, string message)
    {
        using var seqs = new SyntheticSequences();
        string path = seqs.Text("groundtruth_rect.txt", "1,2,3,4", bad, "1,2,3,4");
        var ex = Assert.Throws<AnnotationException>(() => RegionFile.Read(path));
        Assert.Equal(path, ex.Path);
        Assert.Equal(line, ex.Line);
        Assert.StartsWith($"{path}: line {line}: ", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Vot_codes_are_accepted_only_in_vot_results()
    {
        using var seqs = new SyntheticSequences();
        string path = seqs.Text("r.txt", "1", "1,2,3,4", "2", "0");
        var regions = RegionFile.Read(path, allowCodes: true);
        Assert.Equal([Region.Initialization, -1, Region.Failure, Region.Skipped], regions.Select(r => r.Code));
        var ex = Assert.Throws<AnnotationException>(() => RegionFile.Read(path));
        Assert.Equal(1, ex.Line);
        string bad = seqs.Text("bad.txt", "1", "3");
        Assert.Contains("line 2: '3' is not a VOT code", Assert.Throws<AnnotationException>(() => RegionFile.Read(bad, allowCodes: true)).Message);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var ex = Assert.Throws<AnnotationException>(() => RegionFile.Read("/nonexistent/groundtruth.txt"));
        Assert.Equal("/nonexistent/groundtruth.txt: file not found", ex.Message);
    }

    [Fact]
    public void Labels_read_lines_or_one_comma_separated_line_and_reject_bad_values()
    {
        using var seqs = new SyntheticSequences();
        Assert.Equal([0, 8, 3], LabelFile.Read(seqs.Text("cover.label", "0", "8", "3"), 0, 8));
        Assert.Equal([0, 1, 1, 0], LabelFile.Read(seqs.Text("full_occlusion.txt", "0,1,1,0"), 0, 1));
        string bad = seqs.Text("absence.label", "0", "0", "2");
        var ex = Assert.Throws<AnnotationException>(() => LabelFile.Read(bad, 0, 1));
        Assert.Equal($"{bad}: line 3: '2' is not an integer label in [0, 1]", ex.Message);
    }

    [Fact]
    public void Times_files_are_seconds_per_line()
    {
        using var seqs = new SyntheticSequences();
        Assert.Equal([0.5, 0.25], TimesFile.Read(seqs.Text("t.txt", "0.5", "0.25", "")));
        Assert.Equal(3.0, TimesFile.FramesPerSecond([0.5, 0.25, 0]));   // mean(1/0.5, 1/0.25); zero ignored
        string bad = seqs.Text("bad_time.txt", "0.5", "fast");
        Assert.Equal($"{bad}: line 2: 'fast' is not a number of seconds", Assert.Throws<AnnotationException>(() => TimesFile.Read(bad)).Message);
    }
}
