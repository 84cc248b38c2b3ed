using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using OpenCvSharp;

namespace MLNet.Siamese.Imaging.Codecs;

/// <summary>
/// Checks once that OpenCV's native library (libOpenCvSharpExtern from the application's
/// OpenCvSharp4.official.runtime.* package) loads, turning a failure into one <see cref="NativeDependencyException"/>
/// line naming what is missing, instead of the <see cref="TypeInitializationException"/> OpenCvSharp throws.
/// </summary>
internal static partial class OpenCvRuntime
{
    public const string NativePackage = "OpenCvSharp4.official.runtime.linux-x64";

    private static readonly Lazy<Exception?> s_failure = new(Probe);

    /// <summary>OpenCV's version ("4.13.0"); loads the library on first use.</summary>
    public static string Version { get; private set; } = "";

    /// <exception cref="NativeDependencyException">The native library cannot be loaded (a system library it links against is missing, or no native package).</exception>
    public static void EnsureLoaded()
    {
        if (s_failure.Value is { } failure)
            throw new NativeDependencyException("OpenCV", Hint(failure), failure);
    }

    private static Exception? Probe()
    {
        try
        {
            QuietFfmpeg();
            Version = Cv2.GetVersionString() ?? "";
            // OpenCV would otherwise print its own warnings (a codec's complaint about a corrupt file, ...) on stderr;
            // every failure is reported to the caller as an exception instead.
            Cv2.SetLogLevel(LogLevel.SILENT);
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            return e;
        }
    }

    /// <summary>
    /// FFmpeg inside OpenCV prints its own errors on stderr (a damaged file, a full disk); every failure already reaches
    /// the caller as an exception naming the file, so they are silenced with OpenCV's <c>OPENCV_FFMPEG_LOGLEVEL</c>
    /// (read natively when OpenCV registers FFmpeg: .NET's Environment does not change the native environment on Unix,
    /// hence libc's setenv). A value the user set is kept, so FFmpeg's log can still be turned on for diagnosis.
    /// </summary>
    private static void QuietFfmpeg()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OPENCV_FFMPEG_LOGLEVEL") is not null) return;
        try
        {
            _ = SetEnv("OPENCV_FFMPEG_LOGLEVEL", "-8", 0); // AV_LOG_QUIET
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc/musl: FFmpeg's messages stay on stderr, nothing else changes.
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    /// <summary>The missing system library when the loader named one (libgtk-3.so.0 ...), with what to install.</summary>
    internal static string Hint(Exception failure)
    {
        string details = "";
        for (var e = failure; e is not null; e = e.InnerException) details += " " + e.Message;
        var missing = MissingLibrary().Match(details);
        string cause = missing.Success
            ? $"its native library libOpenCvSharpExtern.so needs {missing.Groups[1].Value}, which is not installed"
            : details.Contains("libOpenCvSharpExtern", StringComparison.Ordinal)
                ? $"its native library libOpenCvSharpExtern.so cannot be loaded ({FirstLine(failure)})"
                : $"its native library cannot be loaded ({FirstLine(failure)})";
        string install = missing.Success && missing.Groups[1].Value.StartsWith("libgtk-3", StringComparison.Ordinal)
            ? "install libgtk-3-0 (sudo apt-get install libgtk-3-0, or run scripts/setup.sh)"
            : "install libgtk-3-0 (scripts/setup.sh) and make sure the application references the native package " + NativePackage;
        return $"{cause}; {install}";
    }

    private static string FirstLine(Exception e)
    {
        while (e.InnerException is not null && e is TypeInitializationException) e = e.InnerException;
        return e.Message.Split('\n')[0].Trim();
    }

    [GeneratedRegex(@"(lib[\w.+-]+\.so[\w.]*): cannot open shared object file")]
    private static partial Regex MissingLibrary();
}
