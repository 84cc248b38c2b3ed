namespace MLNet.Siamese.Tests.Imaging;

/// <summary>Runs Fixtures/crop_reference.py (numpy + OpenCV) in a scratch folder that is deleted on dispose.</summary>
internal sealed class PythonReference : IDisposable
{
    private readonly string _python;

    public PythonReference()
    {
        _python = SharedData.RequirePython("cv2", "numpy");
        Directory = Path.Combine(Path.GetTempPath(), "mlnet-siamese-crop-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The scratch folder.</summary>
    public string Directory { get; }

    /// <summary>Runs the script with <paramref name="args"/> and returns its standard output; fails the test on error.</summary>
    public string Run(params string[] args)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "crop_reference.py");
        Assert.True(File.Exists(script), $"{script} was not copied to the test output");
        var (code, stdout, stderr) = ProcessRunner.Run(_python, [script, .. args], TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"crop_reference.py {string.Join(' ', args)} failed ({code}): {stderr}");
        return stdout;
    }

    /// <summary>Writes tight BGR bytes to the scratch folder and returns the path.</summary>
    public string WriteImage(string name, byte[] tightBgr)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, tightBgr);
        return path;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
