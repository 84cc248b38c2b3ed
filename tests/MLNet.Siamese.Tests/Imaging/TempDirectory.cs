namespace MLNet.Siamese.Tests.Imaging;

/// <summary>A fresh folder under the system temp directory, deleted on dispose (tests only).</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlnet-siamese-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Full path of <paramref name="name"/> inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes the first <paramref name="fraction"/> of <paramref name="source"/>'s bytes to <paramref name="name"/>.</summary>
    public string WriteTruncatedCopy(string source, string name, double fraction)
    {
        var bytes = System.IO.File.ReadAllBytes(source);
        var target = File(name);
        System.IO.File.WriteAllBytes(target, bytes.AsSpan(0, (int)(bytes.Length * fraction)).ToArray());
        return target;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
