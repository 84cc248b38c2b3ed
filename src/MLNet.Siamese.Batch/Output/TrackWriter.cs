using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MLNet.Siamese.Output;

/// <summary>
/// Writes track records to a file whose format follows its extension: <c>.csv</c>, <c>.json</c> (one document),
/// <c>.jsonl</c> (one record per line), <c>.txt</c> (OTB result format: <c>x,y,w,h</c> per frame) or <c>.parquet</c>
/// (typed columns, see <see cref="ParquetTrackTable"/>; rows are kept in memory and written at <see cref="Commit"/>). Output goes to a
/// temporary file renamed into place by <see cref="Commit"/>, so a failed run never leaves a truncated table behind:
/// disposing without a commit removes the temporary file, also when the disk is full.
/// </summary>
public sealed class TrackWriter : IDisposable
{
    private readonly string _path;
    private readonly AtomicFile? _file;
    private readonly TextWriter _writer;
    private readonly TrackFormat _format;
    private readonly List<ParquetTrackRow>? _rows;
    private readonly string? _model;
    private readonly bool _live;
    private bool _first = true, _committed;

    private enum TrackFormat { Csv, Json, JsonLines, OtbText, Parquet }

    private TrackWriter(string path, TrackFormat format, string? model, bool live = false)
    {
        _path = Path.GetFullPath(path);
        _format = format;
        _model = model;
        _live = live;
        if (live)
            _writer = new StreamWriter(OpenInPlace(_path), new UTF8Encoding(false)) { NewLine = "\n" };
        else
        {
            _file = AtomicFile.Begin(_path);
            _writer = new StreamWriter(_file.OpenWrite(), new UTF8Encoding(false)) { NewLine = "\n" };
        }
        if (format == TrackFormat.Parquet) _rows = [];
        try
        {
            WriteHeader();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private TrackWriter(TextWriter console)
    {
        _path = "-";
        _format = TrackFormat.Csv;
        _writer = console;
        WriteHeader();
    }

    /// <summary>A CSV writer on standard output (nothing to commit, never closed).</summary>
    public static TrackWriter CreateStandardOutput() => new(Console.Out);

    private void WriteHeader() => Guard(() =>
    {
        if (_format == TrackFormat.Csv) _writer.WriteLine("source,target,frame,timestamp_ms,x,y,w,h,score,status");
        if (_format == TrackFormat.Json) _writer.Write("{\"tracks\":[");
    });

    /// <summary>Runs a write, reporting an I/O error (disk full, ...) as an <see cref="OutputException"/> naming the file.</summary>
    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(_path, "cannot write output file: " + ex.Message, ex);
        }
    }

    /// <summary>Opens a writer for <paramref name="path"/>, choosing the format by extension.</summary>
    /// <param name="path">The table to write (.csv, .json, .jsonl, .txt or .parquet).</param>
    /// <param name="model">The model pack's name, for the Parquet table's <c>model</c> column.</param>
    /// <exception cref="OutputException">Unknown extension or the file cannot be created.</exception>
    public static TrackWriter Create(string path, string? model = null)
    {
        var format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => TrackFormat.Csv,
            ".json" => TrackFormat.Json,
            ".jsonl" => TrackFormat.JsonLines,
            ".txt" => TrackFormat.OtbText,
            ".parquet" => TrackFormat.Parquet,
            var ext => throw new OutputException(path, $"unknown output format '{ext}': use .csv, .json, .jsonl, .txt or .parquet"),
        };
        return new TrackWriter(path, format, model);
    }

    /// <summary>
    /// Opens a writer for the results of a live source (camera, stream): written in place, not renamed at the end, and
    /// flushed after every record so another program can follow the file while it grows (<c>tail -f</c>); what was
    /// written stays when the run stops. Line formats only: .csv, .jsonl or .txt.
    /// </summary>
    /// <param name="path">The table to write.</param>
    /// <param name="model">Unused by the line formats; kept for symmetry with <see cref="Create"/>.</param>
    /// <exception cref="OutputException">Another extension, or the file cannot be created.</exception>
    public static TrackWriter CreateLive(string path, string? model = null)
    {
        var format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => TrackFormat.Csv,
            ".jsonl" => TrackFormat.JsonLines,
            ".txt" => TrackFormat.OtbText,
            var ext => throw new OutputException(path, $"'{ext}' cannot be followed while a live source runs: use .csv, .jsonl or .txt"),
        };
        return new TrackWriter(path, format, model, live: true);
    }

    private static FileStream OpenInPlace(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(path, "cannot create output file: " + ex.Message, ex);
        }
    }

    /// <summary>Appends one record.</summary>
    /// <exception cref="OutputException">The file cannot be written (disk full, ...).</exception>
    public void Write(in TrackRecord r)
    {
        try
        {
            Append(r);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(_path, "cannot write output file: " + ex.Message, ex);
        }
    }

    private void Append(in TrackRecord r)
    {
        var b = r.Box;
        switch (_format)
        {
            case TrackFormat.Csv:
                _writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Csv(r.Source)},{Csv(r.TargetId)},{r.FrameIndex},{r.Timestamp.TotalMilliseconds:0.###},{b.X:R},{b.Y:R},{b.Width:R},{b.Height:R},{r.Score:R},{TrackStatusNames.Of(r.Status)}"));
                break;
            case TrackFormat.OtbText:
                _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{b.X:R},{b.Y:R},{b.Width:R},{b.Height:R}"));
                break;
            case TrackFormat.Parquet:
                _rows!.Add(ParquetTrackTable.Row(r, job: null, _model));
                break;
            default:
                if (_format == TrackFormat.Json && !_first) _writer.Write(',');
                _writer.Write(_format == TrackFormat.Json ? "\n" : "");
                _writer.Write(Json(r));
                if (_format == TrackFormat.JsonLines) _writer.WriteLine();
                break;
        }
        _first = false;
        if (_live) _writer.Flush();
    }

    /// <summary>Finishes the file and moves it into place.</summary>
    /// <exception cref="OutputException">The file cannot be written or renamed.</exception>
    public void Commit()
    {
        Guard(() =>
        {
            if (_format == TrackFormat.Json) _writer.Write("\n]}\n");
            _writer.Flush();
            if (_rows is not null) ParquetTrackTable.Write(((StreamWriter)_writer).BaseStream, _rows);
            if (_file is null && !_live) return;
            _writer.Dispose();
        });
        _committed = true;
        _file?.Commit();
    }

    /// <summary>Closes the writer; without <see cref="Commit"/> the partial file is deleted. Never throws.</summary>
    public void Dispose()
    {
        if (_live)
        {
            try { _writer.Dispose(); } catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* flushed per record already */ }
            return;
        }
        if (_file is null) return; // standard output: left open
        try
        {
            if (!_committed) _writer.Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The final flush failed (disk full, ...): the file is discarded anyway.
        }
        _file.Dispose();
    }

    private static string Csv(string text) => CsvField.Quote(text);

    private static string Json(in TrackRecord r)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("source", r.Source);
            w.WriteString("target", r.TargetId);
            w.WriteNumber("frame", r.FrameIndex);
            w.WriteNumber("timestamp_ms", Math.Round(r.Timestamp.TotalMilliseconds, 3));
            w.WriteNumber("x", r.Box.X);
            w.WriteNumber("y", r.Box.Y);
            w.WriteNumber("w", r.Box.Width);
            w.WriteNumber("h", r.Box.Height);
            w.WriteNumber("score", r.Score);
            w.WriteString("status", TrackStatusNames.Of(r.Status));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }
}
