using Microsoft.Extensions.Logging;

namespace EventStore.Diagnostics;

/// <summary>
/// How a background loop reports the retries of an outage (the database or the broker gone): the first failure with
/// its stack trace; while failures go on, one line per interval with their count and the last error; when the loop
/// works again, one line with the total. A loop that logged every retry wrote a stack trace every few hundred
/// milliseconds through a failover, burying what operators need to see. Thread-safe: several loops of one component
/// (a relay's partitions) share one outage.
/// </summary>
public sealed partial class OutageReporter
{
    private readonly ILogger _logger;
    private readonly string _subject;
    private readonly long _intervalMs;
    private readonly Lock _gate = new();
    private int _failures;
    private long _lastReport;

    /// <param name="logger">Where the lines go.</param>
    /// <param name="subject">What fails, as the lines start with it: "Live feed", "Outbox relay node-1".</param>
    public OutageReporter(ILogger logger, string subject) : this(logger, subject, TimeSpan.FromSeconds(30)) { }

    internal OutageReporter(ILogger logger, string subject, TimeSpan interval)
    {
        _logger = logger;
        _subject = subject;
        _intervalMs = (long)interval.TotalMilliseconds;
    }

    /// <summary>Failures since the last success.</summary>
    public int Failures { get { lock (_gate) return _failures; } }

    /// <summary>A retried operation failed: <paramref name="what"/> names it ("publishing partition 3").</summary>
    public void Failed(Exception error, string what)
    {
        int failures;
        lock (_gate)
        {
            failures = ++_failures;
            var now = Environment.TickCount64;
            if (failures > 1 && now - _lastReport < _intervalMs) return;
            _lastReport = now;
        }
        if (failures == 1) LogFailed(error, _subject, what, _intervalMs / 1000);
        else LogStillFailing(_subject, failures, what, error.GetType().Name, error.Message);
    }

    /// <summary>
    /// The operation works again. Call it only after a failure of the caller's own, so one loop that had nothing to
    /// do does not end an outage that the others are still in; without failures it logs nothing.
    /// </summary>
    public void Recovered()
    {
        int failures;
        lock (_gate) (failures, _failures) = (_failures, 0);
        if (failures > 0) LogRecovered(_subject, failures);
    }

    [LoggerMessage(LogLevel.Warning, "{Subject}: {What} failed; retrying (while it goes on, one line every {IntervalSeconds} s)")]
    private partial void LogFailed(Exception e, string subject, string what, long intervalSeconds);

    [LoggerMessage(LogLevel.Warning, "{Subject}: still failing after {Failures} attempts; last: {What}: {ErrorType}: {Error}")]
    private partial void LogStillFailing(string subject, int failures, string what, string errorType, string error);

    [LoggerMessage(LogLevel.Information, "{Subject}: working again after {Failures} failed attempts")]
    private partial void LogRecovered(string subject, int failures);
}
