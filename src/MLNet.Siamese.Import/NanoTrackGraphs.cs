namespace MLNet.Siamese.Models.Import;

/// <summary>
/// The ONNX files of a NanoTrack pack, with the edits <see cref="OnnxGraphEdits"/> makes once at pack time. A single
/// backbone (fixed at 255) gets symbolic spatial dimensions so it also encodes the 127 template; with a batch, the
/// search graphs (that backbone, or the 255 one of the split set, and the head) also get a symbolic batch. The 127
/// backbone of the split set is template-only and is written as released.
/// </summary>
internal sealed class NanoTrackGraphs(string source, string backbone, string? backbone127, string head)
{
    /// <summary>The files to write, named as in the release; null when the search graphs cannot be given a batch
    /// (a Reshape target that cannot be rewritten safely).</summary>
    /// <exception cref="ModelPackException">A file is not an ONNX model (names the file).</exception>
    public IReadOnlyList<(string Name, byte[] Bytes)>? Files(bool batched)
    {
        try
        {
            return Build(batched);
        }
        catch (FormatException) when (batched)
        {
            return null;
        }
    }

    private List<(string, byte[])> Build(bool batched)
    {
        var files = new List<(string, byte[])> { (backbone, Edit(backbone, spatial: backbone127 is null, batched)) };
        if (backbone127 is not null) files.Add((backbone127, File.ReadAllBytes(Path.Combine(source, backbone127))));
        files.Add((head, Edit(head, spatial: false, batched)));
        return files;
    }

    /// <summary>The edits, in words, for the manifest's description.</summary>
    public string Describe(bool batched) =>
        string.Join("; ", new[]
        {
            backbone127 is null ? "backbone spatial dimensions symbolic" : null,
            batched ? "search graphs take a batch" : "search graphs take one item per call, as a batched call does not match per-item calls",
        }.OfType<string>());

    private byte[] Edit(string file, bool spatial, bool batched)
    {
        string path = Path.Combine(source, file);
        if (!spatial && !batched) return File.ReadAllBytes(path);
        var model = OnnxGraphEdits.Read(path);
        if (spatial) OnnxGraphEdits.FreeSpatialDimensions(model);
        if (batched) OnnxGraphEdits.FreeBatchDimension(model);
        return OnnxGraphEdits.ToBytes(model);
    }
}
