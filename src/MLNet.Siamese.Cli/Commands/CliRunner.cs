using MLNet.Siamese.Inference;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>Turns library errors into one clear line on stderr and a non-zero exit code, never a stack trace.</summary>
internal static class CliRunner
{
    public const int Success = 0, Failure = 1;

    /// <summary>
    /// Loads a model (tracker, batch tracker, evaluation runner) on the device of <paramref name="inference"/>. When CUDA
    /// was requested with <c>--no-cpu-fallback</c> and cannot be used, the library throws
    /// <see cref="InvalidOperationException"/>; here it becomes a <see cref="SiameseException"/>, so <see cref="Run"/>
    /// prints one <c>error:</c> line naming the device and the reason and the command exits with 1.
    /// </summary>
    public static T Load<T>(InferenceOptions inference, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (InvalidOperationException ex) when (inference.Device.IsCuda && !inference.FallbackToCpu)
        {
            throw new SiameseException($"--device {inference.Device}: {ex.Message} (--no-cpu-fallback)", ex);
        }
    }

    /// <summary>
    /// Runs a command's body: library errors and file-system errors print one <c>error:</c> line; anything else (a
    /// defect) prints one <c>error: unexpected …</c> line instead of a stack trace. Either way the exit code is 1.
    /// </summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is SiameseException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("error: " + OneLine(ex.Message));
            return Failure;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"error: unexpected {ex.GetType().Name}: {OneLine(ex.Message)} (please report this)");
            return Failure;
        }
    }

    /// <summary>A message on one line: line breaks (some exception messages carry several lines) become "; ".</summary>
    public static string OneLine(string message) =>
        string.Join("; ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
