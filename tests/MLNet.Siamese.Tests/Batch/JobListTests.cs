using MLNet.Siamese.Batch;
using MLNet.Siamese.Geometry;
using MLNet.Siamese.Tests.Imaging;

namespace MLNet.Siamese.Tests.Batch;

public class JobListTests
{
    [Fact]
    public void Csv_rows_group_into_jobs_with_derived_ids_and_resolved_paths()
    {
        using var dir = new TempDirectory();
        string path = dir.File("jobs.csv");
        File.WriteAllText(path, """
            # comment lines and blank lines are skipped

            video,target,start_frame,x,y,w,h
            clips/bag.avi,left,0,10,20,30,40
            clips/bag.avi,right,5,50,60,70,80
            "seq/Bolt, copy/img",,0,1.5,2.5,3,4
            /abs/other/bag.mp4,a,0,1,1,2,2
            """);
        var jobs = JobList.Load(path);

        Assert.Equal(3, jobs.Count);
        Assert.Equal("bag", jobs[0].Id);
        Assert.Equal(Path.Combine(dir.Path, "clips", "bag.avi"), jobs[0].Video);
        Assert.Equal(["left", "right"], jobs[0].Targets.Select(t => t.Id));
        Assert.Equal(new BatchTarget("right", 5, new BoundingBox(50, 60, 70, 80)), jobs[0].Targets[1]);
        Assert.Equal(0, jobs[0].FirstFrame);
        Assert.Equal("Bolt_copy", jobs[1].Id); // frame folder named img: the folder above names the job
        Assert.Equal("0", jobs[1].Targets[0].Id);
        Assert.Equal("bag-2", jobs[2].Id);     // unique after the first "bag"
        Assert.Equal("/abs/other/bag.mp4", jobs[2].Video);
    }

    [Fact]
    public void Csv_job_column_names_jobs_and_may_repeat_a_video()
    {
        using var dir = new TempDirectory();
        string path = dir.File("jobs.csv");
        File.WriteAllText(path, "job,video,x,y,w,h\nfirst,v.mp4,1,1,5,5\nsecond,v.mp4,2,2,5,5\nfirst,v.mp4,3,3,5,5\n");
        var jobs = JobList.Load(path);
        Assert.Equal(["first", "second"], jobs.Select(j => j.Id));
        Assert.Equal(2, jobs[0].Targets.Count);
    }

    [Theory]
    [InlineData("video,x,y,w,h,colour\nv.mp4,1,1,5,5,red\n", 1, "colour", "unknown column")]
    [InlineData("video,x,y,w\nv.mp4,1,1,5\n", 1, "h", "required column")]
    [InlineData("video,x,y,w,h\nv.mp4,1,1,5,5\nv.mp4,abc,1,5,5\n", 3, "x", "'abc' is not a finite number")]
    [InlineData("video,x,y,w,h\nv.mp4,1,1,0,5\n", 2, "w", "must be positive")]
    [InlineData("video,x,y,w,h,start_frame\nv.mp4,1,1,5,5,-3\n", 2, "start_frame", "non-negative integer")]
    [InlineData("video,target,x,y,w,h\nv.mp4,t,1,1,5,5\nv.mp4,t,2,2,5,5\n", 3, "target", "used twice")]
    [InlineData("job,video,x,y,w,h\nbad/id,v.mp4,1,1,5,5\n", 2, "job", "letters, digits")]
    [InlineData("video,x,y,w,h\nv.mp4,1,1,5\n", 2, null, "4 fields but the header has 5")]
    public void Csv_errors_name_the_file_the_line_and_the_field(string text, int line, string? field, string message)
    {
        using var dir = new TempDirectory();
        string path = dir.File("jobs.csv");
        File.WriteAllText(path, text);
        var ex = Assert.Throws<JobListException>(() => JobList.Load(path));
        Assert.Equal(path, ex.Path);
        Assert.Equal(line, ex.Line);
        Assert.Equal(field, ex.Field);
        Assert.Contains(message, ex.Message);
        Assert.StartsWith($"{path}: line {line}", ex.Message);
    }

    [Fact]
    public void Json_jobs_with_targets_and_the_bare_array_form()
    {
        using var dir = new TempDirectory();
        string path = dir.File("jobs.json");
        File.WriteAllText(path, """
            { "jobs": [
                { "id": "tennis", "video": "frames", "targets": [
                    { "id": "player", "startFrame": 3, "box": [305, 110, 163, 250] },
                    { "box": [1, 2, 3, 4] } ] },
                { "video": "bag.avi", "targets": [ { "box": [315, 140, 112, 112] } ] } ] }
            """);
        var jobs = JobList.Load(path);
        Assert.Equal(["tennis", "bag"], jobs.Select(j => j.Id));
        Assert.Equal(Path.Combine(dir.Path, "frames"), jobs[0].Video);
        Assert.Equal(new BatchTarget("player", 3, new BoundingBox(305, 110, 163, 250)), jobs[0].Targets[0]);
        Assert.Equal("1", jobs[0].Targets[1].Id);
        Assert.Equal(0, jobs[0].FirstFrame);

        File.WriteAllText(path, """[ { "video": "bag.avi", "targets": [ { "box": [1, 2, 3, 4] } ] } ]""");
        Assert.Equal("bag", Assert.Single(JobList.Load(path)).Id);
    }

    [Theory]
    [InlineData("""{ "jobs": [ { "video": "a.mp4", "targets": [ { "box": [1, 2, 3] } ] } ] }""", "jobs[0].targets[0].box", "expected [x, y, w, h]")]
    [InlineData("""{ "jobs": [ { "video": "a.mp4", "targets": [ { "box": [1, 2, 3, -4] } ] } ] }""", "jobs[0].targets[0].box", "positive")]
    [InlineData("""{ "jobs": [ { "id": "a", "video": "a.mp4", "targets": [ { "box": [1, 2, 3, 4] } ] }, { "id": "a", "video": "b.mp4", "targets": [ { "box": [1, 2, 3, 4] } ] } ] }""", "jobs[1].id", "used twice")]
    [InlineData("""{ "jobs": [ { "video": "a.mp4", "targets": [] } ] }""", "jobs[0].targets", "missing or empty")]
    [InlineData("""{ "jobs": [ { "targets": [ { "box": [1, 2, 3, 4] } ] } ] }""", "jobs[0].video", "missing")]
    [InlineData("""{ "jobs": [] }""", "jobs", "missing or empty")]
    public void Json_errors_name_the_file_and_the_field(string text, string field, string message)
    {
        using var dir = new TempDirectory();
        string path = dir.File("jobs.json");
        File.WriteAllText(path, text);
        var ex = Assert.Throws<JobListException>(() => JobList.Load(path));
        Assert.Equal(field, ex.Field);
        Assert.Contains(path, ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Malformed_json_and_unknown_members_name_the_line()
    {
        using var dir = new TempDirectory();
        string path = dir.File("jobs.json");
        File.WriteAllText(path, "{ \"jobs\": [\n  { \"video\": \"a.mp4\",\n    \"colour\": \"red\" } ] }");
        var ex = Assert.Throws<JobListException>(() => JobList.Load(path));
        Assert.Equal(3, ex.Line);
        Assert.Contains("colour", ex.Message);

        File.WriteAllText(path, "{ \"jobs\": [\n  { \"video\": \"a.mp4\" ");
        ex = Assert.Throws<JobListException>(() => JobList.Load(path));
        Assert.Contains("malformed", ex.Message);
        Assert.NotNull(ex.Line);
    }

    [Fact]
    public void Missing_file_and_unknown_extension_are_clear()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<JobListException>(() => JobList.Load(dir.File("nope.csv")));
        Assert.Contains("nope.csv", ex.Message);
        Assert.Contains("not found", ex.Message);
        File.WriteAllText(dir.File("jobs.xlsx"), "");
        ex = Assert.Throws<JobListException>(() => JobList.Load(dir.File("jobs.xlsx")));
        Assert.Contains(".xlsx", ex.Message);
        File.WriteAllText(dir.File("empty.csv"), "# nothing\n");
        ex = Assert.Throws<JobListException>(() => JobList.Load(dir.File("empty.csv")));
        Assert.Contains("header", ex.Message);
    }
}
