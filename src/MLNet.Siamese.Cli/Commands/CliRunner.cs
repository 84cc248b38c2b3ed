namespace MLNet.Siamese.Cli.Commands;

/// <summary>Turns library errors into one clear line on stderr and a non-zero exit code, never a stack trace.</summary>
internal static class CliRunner
{
    public const int Success = 0, Failure = 1;

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (SiameseException ex)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return Failure;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return Failure;
        }
    }
}
