using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Deploy.Tests.Support;

/// <summary>One log entry a Host wrote: enough to count warnings and stack traces per category.</summary>
public sealed record LogEntry(LogLevel Level, string Category, string Message, Exception? Exception);

/// <summary>Every entry the in-process Host logs (beside its own console output), for asserting on how it reports trouble.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(_entries, categoryName);

    public void Dispose() { }

    private sealed class Logger(ConcurrentQueue<LogEntry> entries, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), exception));
        }
    }
}
