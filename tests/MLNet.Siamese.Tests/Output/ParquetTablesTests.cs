using System.Globalization;
using DuckDB.NET.Data;
using MLNet.Siamese.Batch;
using MLNet.Siamese.Output;
using MLNet.Siamese.Tests.Batch;
using MLNet.Siamese.Tests.Cli;

namespace MLNet.Siamese.Tests.Output;

/// <summary>Parquet track tables read back with DuckDB: typed columns, every row equal to the CSV table.</summary>
public class ParquetTablesTests
{
    private sealed record Row(string? Job, string Video, string Target, long Frame, double TimestampMs, double X, double Y, double W, double H,
        float Score, string Status, string? Model);

    private static List<Row> ReadParquet(string path, out Dictionary<string, string> types)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        types = [];
        using (var describe = connection.CreateCommand())
        {
            describe.CommandText = $"DESCRIBE SELECT * FROM read_parquet('{path}')";
            using var r = describe.ExecuteReader();
            while (r.Read()) types[r.GetString(0)] = r.GetString(1);
        }
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT job, video, target, frame, timestamp_ms, x, y, w, h, score, status, model FROM read_parquet('{path}')";
        using var reader = select.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
            rows.Add(new Row(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8), reader.GetFloat(9),
                reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11)));
        return rows;
    }

    /// <summary>The CSV table's rows (source,target,frame,timestamp_ms,x,y,w,h,score,status), paths without commas.</summary>
    private static List<string[]> ReadCsv(string path) => File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToList();

    private static void AssertSameRow(string[] csv, Row parquet)
    {
        double D(int i) => double.Parse(csv[i], CultureInfo.InvariantCulture);
        Assert.Equal(csv[0], parquet.Video);
        Assert.Equal(csv[1], parquet.Target);
        Assert.Equal(long.Parse(csv[2], CultureInfo.InvariantCulture), parquet.Frame);
        Assert.Equal(D(3), parquet.TimestampMs);
        Assert.Equal((D(4), D(5), D(6), D(7)), (parquet.X, parquet.Y, parquet.W, parquet.H));
        Assert.Equal(float.Parse(csv[8], CultureInfo.InvariantCulture), parquet.Score);
        Assert.Equal(csv[9], parquet.Status);
    }

    [SkippableFact]
    public void Track_writes_a_typed_parquet_table_equal_to_its_csv()
    {
        string seq = SharedData.Require("data/sequences/Human3/img");
        string dir = CliHarness.TempDir("parquet-track");
        string[] common = ["track", "-i", seq, "--box", "264,311,37,69", "--max-frames", "25", "-q"];
        Assert.Equal(0, CliHarness.Run([.. common, "-o", Path.Combine(dir, "t.csv")]).ExitCode);
        var (code, _, err) = CliHarness.Run([.. common, "-o", Path.Combine(dir, "t.parquet")]);
        Assert.True(code == 0, err);

        var rows = ReadParquet(Path.Combine(dir, "t.parquet"), out var types);
        Assert.Equal(new Dictionary<string, string>
        {
            ["job"] = "VARCHAR", ["video"] = "VARCHAR", ["target"] = "VARCHAR", ["frame"] = "BIGINT", ["timestamp_ms"] = "DOUBLE",
            ["x"] = "DOUBLE", ["y"] = "DOUBLE", ["w"] = "DOUBLE", ["h"] = "DOUBLE", ["score"] = "FLOAT", ["status"] = "VARCHAR", ["model"] = "VARCHAR",
        }, types);
        var csv = ReadCsv(Path.Combine(dir, "t.csv"));
        Assert.Equal(25, rows.Count);
        Assert.Equal(csv.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++) AssertSameRow(csv[i], rows[i]);
        Assert.All(rows, r => Assert.Null(r.Job));
        Assert.All(rows, r => Assert.Equal("default", r.Model));
        Assert.Empty(Directory.GetFiles(dir, "*partial*"));
    }

    [SkippableFact]
    public void Batch_writes_tracks_parquet_equal_to_tracks_csv_with_job_and_model_columns()
    {
        string pack = NanoTrackPacks.Get("nanotrack-v2");
        string dir = CliHarness.TempDir("parquet-batch");
        var jobs = BatchTestData.GoodJobs().Take(3).ToList();
        string list = BatchTestData.WriteCsv(Path.Combine(dir, "jobs.csv"), jobs);
        string output = Path.Combine(dir, "out");
        var (code, _, err) = CliHarness.Run("batch", "--jobs", list, "-m", pack, "-o", output, "--max-frames", "10", "-q");
        Assert.True(code == 0, err);

        var rows = ReadParquet(Path.Combine(output, ParquetTrackTable.BatchFileName), out _);
        var csv = ReadCsv(Path.Combine(output, "tracks.csv"));
        Assert.Equal(csv.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++) AssertSameRow(csv[i], rows[i]);
        Assert.All(rows, r => Assert.Equal("nanotrack-v2", r.Model));
        // Rows come job by job in job-list order, each job's rows carrying its id.
        var expectedJobs = jobs.SelectMany(j => Enumerable.Repeat(j.Id, File.ReadAllLines(Path.Combine(output, "videos", j.Id + ".csv")).Length - 1));
        Assert.Equal(expectedJobs, rows.Select(r => r.Job));
    }
}
