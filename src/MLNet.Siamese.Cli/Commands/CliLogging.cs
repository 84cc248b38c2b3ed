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
    private static readonly object Gate = new();
    private static ILoggerFactory? _factory;

    /// <summary>The logger handed to the library (its factory is created on first use after each <see cref="Flush"/>).</summary>
    public static ILogger Logger => Factory.CreateLogger("siamese");

    /// <summary>The factory behind <see cref="Logger"/>, for hosts that log per category (the cluster's Orleans silo and client).</summary>
    public static ILoggerFactory Factory
    {
        get
        {
            lock (Gate)
            {
                return _factory ??= LoggerFactory.Create(builder => builder
                    .SetMinimumLevel(LogLevel.Warning)
                    // A cluster worker says when it joined, which run it took and which jobs went back to the queue.
                    .AddFilter("MLNet.Siamese.Cluster", LogLevel.Information)
                    .AddConsole(o =>
                    {
                        o.FormatterName = OneLineFormatter.FormatterName;
                        o.LogToStandardErrorThreshold = LogLevel.Trace;
                    })
                    .AddConsoleFormatter<OneLineFormatter, ConsoleFormatterOptions>());
            }
        }
    }

    /// <summary>
    /// Flushes what was logged (the console provider writes on a background thread) at the end of a command; a later
    /// command in the same process (tests run <c>Program.Main</c> repeatedly) gets a new factory.
    /// </summary>
    public static void Flush()
    {
        ILoggerFactory? factory;
        lock (Gate)
        {
            factory = _factory;
            _factory = null;
        }
        factory?.Dispose();
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
