using MLNet.Siamese.Batch;
using MLNet.Siamese.Geometry;

namespace MLNet.Siamese.Tests.Batch;

/// <summary>Jobs over ../shared for the batch tests (skipping when it is absent).</summary>
internal static class BatchTestData
{
    public static string Sequence(string name) => SharedData.Require($"data/sequences/{name}/img");

    public static string Bag => SharedData.Require("data/videos/bag.avi");

    public static BatchJob Job(string id, string video, params (string Id, long Start, string Box)[] targets) =>
        new(id, video, targets.Select(t => new BatchTarget(t.Id, t.Start, BoundingBox.Parse(t.Box))).ToList());

    /// <summary>Six small good jobs: frame folders and the video, one or two targets each.</summary>
    public static List<BatchJob> GoodJobs() =>
    [
        Job("wakeboard7", Sequence("wakeboard7"), ("rider", 0, "623,299,11,38"), ("buoy", 4, "400,300,60,60")),
        Job("bag", Bag, ("bag", 0, "315,140,112,112")),
        Job("Bolt", Sequence("Bolt"), ("runner", 0, "336,165,26,61")),
        Job("Human3", Sequence("Human3"), ("walker", 0, "264,311,37,69")),
        Job("person12", Sequence("person12"), ("person", 2, "490,235,34,85")),
        Job("bag-2", Bag, ("corner", 3, "40,40,90,90"), ("bag", 0, "315,140,112,112")),
    ];

    /// <summary>Writes <paramref name="jobs"/> as a CSV job list.</summary>
    public static string WriteCsv(string path, IEnumerable<BatchJob> jobs)
    {
        var lines = new List<string> { "job,video,target,start_frame,x,y,w,h" };
        foreach (var j in jobs)
            foreach (var t in j.Targets)
                lines.Add(FormattableString.Invariant($"{j.Id},\"{j.Video}\",{t.Id},{t.StartFrame},{t.Box.X},{t.Box.Y},{t.Box.Width},{t.Box.Height}"));
        File.WriteAllLines(path, lines);
        return path;
    }
}
