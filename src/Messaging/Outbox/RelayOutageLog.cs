using Microsoft.Extensions.Logging;

namespace Messaging.Outbox;

/// <summary>
/// How a relay reports its retries: all of them, its lease loop's and every partition's, as one outage, since a lost
/// database or broker fails them all at once (a failover used to log a stack trace per partition per retry, over a
/// hundred in ten seconds). The first failure is logged with its stack trace; while failures go on, one line per
/// interval with their count and the last error; when the relay works again, one line with the total.
/// </summary>
internal sealed partial class RelayOutageLog(ILogger logger, string node)
{
    private static readonly long IntervalMs = (long)TimeSpan.FromSeconds(30).TotalMilliseconds;
    private readonly Lock _gate = new();
    private int _failures;
    private long _lastReport;

    /// <summary>A retried operation failed: <paramref name="what"/> names it ("publishing partition 3").</summary>
    public void Failed(Exception error, string what)
    {
        int failures;
        lock (_gate)
        {
            failures = ++_failures;
            var now = Environment.TickCount64;
            if (failures > 1 && now - _lastReport < IntervalMs) return;
            _lastReport = now;
        }
        if (failures == 1) LogFailed(error, node, what);
        else LogStillFailing(node, failures, what, error.GetType().Name, error.Message);
    }

    /// <summary>
    /// The relay works again: its lease connection is back, or a partition that failed has published or read an
    /// empty outbox since. Called only after a failure of the caller's own, so a partition that never had anything
    /// to publish does not end a broker outage that the others are still in.
    /// </summary>
    public void Recovered()
    {
        int failures;
        lock (_gate) (failures, _failures) = (_failures, 0);
        if (failures > 0) LogRecovered(node, failures);
    }

    [LoggerMessage(LogLevel.Warning, "Outbox relay {Node}: {What} failed; retrying (while it goes on, one line every 30 s)")]
    private partial void LogFailed(Exception e, string node, string what);

    [LoggerMessage(LogLevel.Warning, "Outbox relay {Node}: still failing after {Failures} attempts; last: {What}: {ErrorType}: {Error}")]
    private partial void LogStillFailing(string node, int failures, string what, string errorType, string error);

    [LoggerMessage(LogLevel.Information, "Outbox relay {Node}: working again after {Failures} failed attempts")]
    private partial void LogRecovered(string node, int failures);
}
