namespace Host.Reports.Daily;

/// <summary>
/// Runs <see cref="DailyReportRunner"/> for the latest due day (<see cref="DailySchedule.LatestDueDay"/>): at start-up
/// (catching up a day missed while no host ran), then at <see cref="DailyReportOptions.At"/> UTC each day. Until the
/// day's reports all exist (another host may hold a claim, or crash holding it) it looks again every
/// <see cref="DailyReportOptions.CheckEvery"/>. Every host may run it: the claims decide who writes.
/// </summary>
internal sealed partial class DailyReportScheduler(DailyReportRunner runner, DailyReportOptions options, TimeProvider time,
    ILogger<DailyReportScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        DateOnly? finished = null;
        while (!stop.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var day = DailySchedule.LatestDueDay(now, options.At);
            if (day != finished)
            {
                try
                {
                    if ((await runner.RunAsync(day, stop)).AllDone) finished = day;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(e, day); // e.g. the database away: the next look tries again
                }
            }
            // Waking at least hourly keeps a suspended machine or a clock step from postponing a day for long.
            var wait = day == finished ? DailySchedule.NextDue(now, options.At) - now : options.CheckEvery;
            await Task.Delay(wait < TimeSpan.FromHours(1) ? wait : TimeSpan.FromHours(1), time, stop);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Daily summary for {Day} not finished; trying again shortly")]
    private partial void LogFailed(Exception e, DateOnly day);
}
