namespace MLNet.Siamese.Tests.Imaging;

/// <summary>Reference pixels and test images from the Debian python3 + OpenCV (skips when unavailable).</summary>
internal static class OpenCvReference
{
    private const string ImreadScript = """
        import sys, cv2, numpy as np
        args = sys.argv[1:]
        for src, dst in zip(args[0::2], args[1::2]):
            im = cv2.imread(src, cv2.IMREAD_COLOR)
            if im is None:
                print("NONE"); continue
            np.ascontiguousarray(im).tofile(dst)
            print(im.shape[1], im.shape[0])
        """;

    /// <summary>cv2.imread(file, IMREAD_COLOR) of each file: width, height and the raw BGR bytes.</summary>
    public static List<(int Width, int Height, byte[] Bgr)> Imread(TempDirectory temp, params string[] files)
    {
        var args = new List<string>();
        for (int i = 0; i < files.Length; i++) { args.Add(files[i]); args.Add(temp.File($"cv2-ref-{i}.bgr")); }
        var lines = Python(ImreadScript, args).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(files.Length, lines.Length);
        var result = new List<(int, int, byte[])>();
        for (int i = 0; i < files.Length; i++)
        {
            Assert.NotEqual("NONE", lines[i]);
            var wh = lines[i].Split(' ');
            result.Add((int.Parse(wh[0]), int.Parse(wh[1]), File.ReadAllBytes(temp.File($"cv2-ref-{i}.bgr"))));
        }
        return result;
    }

    /// <summary>Runs a python snippet (cv2 and numpy available) and returns its stdout; fails the test on error.</summary>
    public static string Python(string script, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var python = SharedData.RequirePython("cv2", "numpy");
        var (code, stdout, stderr) = ProcessRunner.Run(python, ["-c", script, .. args], timeout ?? TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"python failed ({code}): {stderr}");
        return stdout;
    }
}
