using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MLNet.Siamese.Video;

/// <summary>Finds the ffmpeg/ffprobe executables and formats arguments for them.</summary>
internal static partial class FfmpegTools
{
    private static readonly ConcurrentDictionary<string, Version?> s_versions = new();

    public const string InstallHint = "install it with `sudo apt-get install ffmpeg` (or run scripts/setup.sh)";

    /// <summary>Full path of <paramref name="program"/> in <paramref name="directory"/>, or on PATH when null.</summary>
    /// <exception cref="NativeDependencyException">Not found or not executable.</exception>
    public static string Locate(string program, string? directory)
    {
        IEnumerable<string> dirs = directory is not null
            ? [directory]
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var dir in dirs)
        {
            var candidate = System.IO.Path.Combine(dir, program);
            if (File.Exists(candidate) && IsExecutable(candidate))
                return candidate;
        }
        string where = directory is null ? "on PATH" : $"in {directory}";
        throw new NativeDependencyException(program, $"no executable '{program}' {where}; {InstallHint}");
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    /// <summary>An input/output argument that ffmpeg will never read as a protocol ("a:b.mp4") or an option ("-x.mp4").</summary>
    public static string FileArgument(string path) => "file:" + System.IO.Path.GetFullPath(path);

    /// <summary>Invariant, round-trippable number for the command line.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Starts <paramref name="program"/> with redirected pipes and no shell.</summary>
    public static Process Start(string program, IEnumerable<string> arguments, bool redirectInput)
    {
        var psi = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        try
        {
            return Process.Start(psi) ?? throw new NativeDependencyException(program, $"could not be started; {InstallHint}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new NativeDependencyException(program, $"could not be started ({e.Message}); {InstallHint}", e);
        }
    }

    /// <summary>Kills the process tree if it still runs; never throws.</summary>
    public static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone or never started: nothing left to kill.
        }
    }

    /// <summary>
    /// Arguments that keep every decoded frame (no duplication or dropping): <c>-fps_mode passthrough</c> on ffmpeg 5.1
    /// and later, the older spelling <c>-vsync passthrough</c> before (for example Ubuntu 22.04's ffmpeg 4.4).
    /// </summary>
    public static string[] PassthroughTiming(string ffmpeg) =>
        VersionOf(ffmpeg) is { } v && v < new Version(5, 1) ? ["-vsync", "passthrough"] : ["-fps_mode", "passthrough"];

    /// <summary>ffmpeg's release version, cached per executable; null for git builds or when it cannot be told.</summary>
    private static Version? VersionOf(string ffmpeg) => s_versions.GetOrAdd(ffmpeg, static path =>
    {
        try
        {
            using var p = Start(path, ["-hide_banner", "-version"], redirectInput: false);
            var firstLine = p.StandardOutput.ReadLine() ?? "";
            p.StandardError.ReadToEnd();
            if (!p.WaitForExit(10_000)) KillQuietly(p);
            return ParseVersion(firstLine);
        }
        catch (Exception e) when (e is NativeDependencyException or IOException or InvalidOperationException)
        {
            return null;
        }
    });

    /// <summary>"ffmpeg version 5.1.9-0+deb12u1 ..." → 5.1; "ffmpeg version N-110000-g..." (git) → null.</summary>
    internal static Version? ParseVersion(string firstLine)
    {
        var m = VersionLine().Match(firstLine);
        return m.Success ? new Version(int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture)) : null;
    }

    [GeneratedRegex(@"version n?(\d+)\.(\d+)")]
    private static partial Regex VersionLine();
}
