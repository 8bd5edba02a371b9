namespace Host.Reports.Daily;

/// <summary>
/// One tenant's day: alarms raised that day by kind and outcome, response times of the acknowledgements and
/// resolutions made that day, and panel connectivity over the day. <paramref name="Source"/> and
/// <paramref name="LagSeconds"/> say where it was read (replica or primary).
/// </summary>
internal sealed record DailySummary(
    string Tenant,
    DateOnly Day,
    IReadOnlyList<DailyAlarmCount> Alarms,
    DailyResponseTimes Acknowledge,
    DailyResponseTimes Resolve,
    DailyConnectivity Connectivity,
    string Source,
    double? LagSeconds);

/// <summary>Alarms raised that day of one kind; <paramref name="Outcome"/> is the resolution's, or "open" if not resolved by the day's end.</summary>
internal sealed record DailyAlarmCount(string Kind, string Outcome, long Count);

/// <summary>
/// Seconds from raising to acknowledging (or resolving), over the alarms acknowledged (resolved) that day, whenever
/// raised; percentiles null when there were none.
/// </summary>
internal sealed record DailyResponseTimes(long Count, double? P50Seconds, double? P95Seconds)
{
    public static DailyResponseTimes None { get; } = new(0, null, null);
}

/// <summary>
/// Panels monitored during the day, communication losses that began that day, and offline seconds within the day
/// (an outage that spans midnight counts on both days); <paramref name="MonitoredSeconds"/> is the panels' time in
/// monitoring within the day, the base of <see cref="UptimePercent"/>.
/// </summary>
internal sealed record DailyConnectivity(long Panels, long Losses, double OfflineSeconds, double MonitoredSeconds)
{
    public static DailyConnectivity None { get; } = new(0, 0, 0, 0);

    public double? UptimePercent => MonitoredSeconds > 0 ? 100 * Math.Max(0, 1 - OfflineSeconds / MonitoredSeconds) : null;
}
