using System.Text;
using System.Text.Json;
using MLNet.Siamese.Output;

namespace MLNet.Siamese.Batch;

/// <summary>
/// The run's combined tables, <c>tracks.csv</c>, <c>tracks.jsonl</c> and <c>tracks.parquet</c> (typed, with the job and
/// model columns; see <see cref="ParquetTrackTable"/>): the per-video tables of the completed jobs
/// concatenated in job-list order. Built from the per-video files rather than from events as they arrive, so the
/// result does not depend on how jobs interleaved, or on which run (first or resumed) completed each job.
/// </summary>
internal static class CombinedTables
{
    public const string CsvName = "tracks.csv", JsonLinesName = "tracks.jsonl";

    /// <exception cref="OutputException">A file cannot be read or written.</exception>
    public static void Write(string outputDirectory, string videoDirectory, IEnumerable<string> jobIds, string model)
    {
        var ids = jobIds.ToList();
        AtomicFile.Write(Path.Combine(outputDirectory, CsvName), stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
            bool header = false;
            foreach (var id in ids)
            {
                using var reader = Open(JobOutputFiles.CsvPath(videoDirectory, id));
                string? first = reader.ReadLine();
                if (!header && first is not null) writer.WriteLine(first);
                header = true;
                while (reader.ReadLine() is { } line) writer.WriteLine(line);
            }
            if (!header) writer.WriteLine("source,target,frame,timestamp_ms,x,y,w,h,score,status");
        });
        // One pass over the per-video JSON tables feeds both the JSON-lines table and the Parquet rows.
        var rows = new List<ParquetTrackRow>();
        AtomicFile.Write(Path.Combine(outputDirectory, JsonLinesName), stream =>
        {
            foreach (var id in ids)
            {
                string path = JobOutputFiles.JsonPath(videoDirectory, id);
                using var input = Open(path);
                using var doc = Parse(input, path);
                // WriteTo re-emits each record exactly as the per-video writer produced it (numbers keep their text).
                foreach (var record in doc.RootElement.GetProperty("tracks").EnumerateArray())
                {
                    using (var json = new Utf8JsonWriter(stream)) record.WriteTo(json);
                    stream.WriteByte((byte)'\n');
                    rows.Add(ParquetTrackTable.Row(record, id, model));
                }
            }
        });
        AtomicFile.Write(Path.Combine(outputDirectory, ParquetTrackTable.BatchFileName), stream => ParquetTrackTable.Write(stream, rows));
    }

    private static JsonDocument Parse(StreamReader input, string path)
    {
        try
        {
            var doc = JsonDocument.Parse(input.BaseStream);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("tracks", out var t) && t.ValueKind == JsonValueKind.Array)
                return doc;
            doc.Dispose();
        }
        catch (JsonException)
        {
            // Reported below.
        }
        throw new OutputException(path, "is not a track table written by this tool (delete it and run the job again)");
    }

    private static StreamReader Open(string path)
    {
        try
        {
            return new StreamReader(path, new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(path, "cannot read a per-video table for the combined table: " + ex.Message, ex);
        }
    }
}
