using MLNet.Siamese.Output;

namespace MLNet.Siamese.Batch;

/// <summary>
/// A job's tables in <c>videos/</c>: <c>&lt;id&gt;.csv</c> and <c>&lt;id&gt;.json</c>, streamed to temporary files while
/// the job runs (memory stays flat however long the video) and moved into place, followed by the completion marker,
/// only when the job completes. Disposing without <see cref="Commit"/> deletes the partial files.
/// </summary>
internal sealed class JobOutputFiles : IDisposable
{
    private readonly string _directory, _id;
    private readonly TrackWriter _csv, _json;
    private OutputException? _error;

    public JobOutputFiles(string directory, string id)
    {
        _directory = directory;
        _id = id;
        _csv = TrackWriter.Create(CsvPath(directory, id));
        try
        {
            _json = TrackWriter.Create(JsonPath(directory, id));
        }
        catch
        {
            _csv.Dispose();
            throw;
        }
    }

    public static string CsvPath(string directory, string id) => Path.Combine(directory, id + ".csv");

    public static string JsonPath(string directory, string id) => Path.Combine(directory, id + ".json");

    public static string MarkerPath(string directory, string id) => Path.Combine(directory, id + ".done.json");

    /// <summary>The first write error, if any (the job is then reported failed).</summary>
    public OutputException? Error => _error;

    public void Write(IReadOnlyList<TrackRecord> records)
    {
        if (_error is not null) return;
        try
        {
            foreach (var r in records)
            {
                _csv.Write(r);
                _json.Write(r);
            }
        }
        catch (OutputException ex)
        {
            // Keeps the job's frames flowing; the job is reported failed when it ends and its files are removed.
            _error = ex;
        }
    }

    /// <summary>
    /// Moves both tables into place, then writes the marker (fingerprint, counts and the hashes of the tables and of
    /// <paramref name="video"/>, when rendered) that lets a resumed run skip the job.
    /// </summary>
    /// <exception cref="OutputException">A file cannot be written.</exception>
    public void Commit(string fingerprint, JobOutcome outcome, string? video)
    {
        if (_error is not null) throw _error;
        _csv.Commit();
        _json.Commit();
        JobMarker.For(fingerprint, outcome, CsvPath(_directory, _id), JsonPath(_directory, _id), video).Write(MarkerPath(_directory, _id));
    }

    /// <summary>Deletes the completed outputs of a job (before running it again from scratch).</summary>
    public static void Delete(string directory, string id)
    {
        foreach (var path in new[] { MarkerPath(directory, id), CsvPath(directory, id), JsonPath(directory, id) })
        {
            try { File.Delete(path); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new OutputException(path, "cannot remove the output of an earlier run: " + ex.Message, ex);
            }
        }
    }

    public void Dispose()
    {
        _csv.Dispose();
        _json.Dispose();
    }
}
