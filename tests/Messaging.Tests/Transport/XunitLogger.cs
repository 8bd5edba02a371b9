using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Messaging.Tests.Transport;

/// <summary>Sends the transport's log to the test output, where a failing test shows it.</summary>
internal sealed class XunitLogger(ITestOutputHelper output) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
            return;
        var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {formatter(state, exception)}";
        if (exception is not null)
            line += $" [{exception.GetType().Name}: {exception.Message}]";
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // Background recovery can still log after the test finished; that output has nowhere to go.
        }
    }
}
