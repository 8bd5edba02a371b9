namespace Host.Infrastructure;

/// <summary>
/// Requests answered 503 because the database is unavailable, logged as one warning per interval with the count
/// and the last error's message: enough to see an outage begin, last and end, without a stack trace per request.
/// </summary>
internal static partial class OutageLog
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly Lock Gate = new();
    private static DateTime _lastLogged = DateTime.MinValue;
    private static long _since;

    public static void Report(ILoggerFactory loggers, Exception error)
    {
        long count;
        lock (Gate)
        {
            _since++;
            var now = DateTime.UtcNow;
            if (now - _lastLogged < Interval) return;
            _lastLogged = now;
            count = _since;
            _since = 0;
        }
        LogUnavailable(loggers.CreateLogger("Host.Infrastructure.OutageLog"), count, Interval.TotalSeconds, error.GetType().Name, error.Message);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Database unavailable: {Requests} request(s) answered 503 (this warning repeats at most every {IntervalSeconds} s while it lasts); last error {ErrorType}: {Error}")]
    private static partial void LogUnavailable(ILogger logger, long requests, double intervalSeconds, string errorType, string error);
}
