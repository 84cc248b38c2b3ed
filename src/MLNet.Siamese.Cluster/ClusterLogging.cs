using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MLNet.Siamese.Cluster;

/// <summary>
/// Routes an Orleans host's log to the application's logger factory. Until the host has started, only this library's
/// own messages pass: a host that cannot start says why in one <see cref="ClusterException"/>, not in a cascade of
/// Orleans start-up errors (and Orleans' start-up notes, such as the server-GC advice, stay out of the way).
/// </summary>
internal sealed class ClusterLogging(ILoggerFactory target) : ILoggerProvider
{
    private const string OwnCategory = "MLNet.Siamese.Cluster";
    private volatile bool _open;

    /// <summary>Adds the routing to <paramref name="builder"/>; null when <paramref name="factory"/> is null (no log).</summary>
    public static ClusterLogging? Use(HostApplicationBuilder builder, ILoggerFactory? factory)
    {
        builder.Logging.ClearProviders();
        if (factory is null) return null;
        var logging = new ClusterLogging(factory);
        builder.Logging.SetMinimumLevel(LogLevel.Trace); // the target factory applies the application's levels
        builder.Services.AddSingleton<ILoggerProvider>(logging);
        return logging;
    }

    /// <summary>Lets every category through (the host has started).</summary>
    public void Open() => _open = true;

    public ILogger CreateLogger(string categoryName)
    {
        var logger = target.CreateLogger(categoryName);
        return categoryName.StartsWith(OwnCategory, StringComparison.Ordinal) ? logger : new Gated(logger, this);
    }

    public void Dispose() { }

    private sealed class Gated(ILogger inner, ClusterLogging owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => owner._open && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (owner._open) inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
