using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace MLNet.Siamese.Cli.Commands;

/// <summary>
/// The CLI's logger: the library's warnings (a CUDA fallback, ...) through Microsoft.Extensions.Logging's console
/// provider, on standard error, one line each in the CLI's own style (<c>warning: …</c>). Disposed (flushed) when the
/// command ends.
/// </summary>
internal static class CliLogging
{
    private static readonly Lazy<ILoggerFactory> Factory = new(() => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Warning)
        .AddConsole(o =>
        {
            o.FormatterName = OneLineFormatter.FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        })
        .AddConsoleFormatter<OneLineFormatter, ConsoleFormatterOptions>()));

    /// <summary>The logger handed to the library.</summary>
    public static ILogger Logger => Factory.Value.CreateLogger("siamese");

    /// <summary>Flushes what was logged (the console provider writes on a background thread).</summary>
    public static void Flush()
    {
        if (Factory.IsValueCreated) Factory.Value.Dispose();
    }

    /// <summary><c>warning: message</c> / <c>error: message</c> on one line, as the CLI prints its own messages.</summary>
    private sealed class OneLineFormatter() : ConsoleFormatter(FormatterName)
    {
        public const string FormatterName = "siamese";

        public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
        {
            string level = logEntry.LogLevel switch
            {
                LogLevel.Critical or LogLevel.Error => "error",
                LogLevel.Warning => "warning",
                _ => "info",
            };
            textWriter.WriteLine($"{level}: {logEntry.Formatter(logEntry.State, logEntry.Exception)}");
        }
    }
}
