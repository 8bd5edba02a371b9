namespace Host.Infrastructure.Replica;

/// <summary>
/// Probes the reporting replica every few seconds, so that the lag gauge moves without report traffic and a replica
/// that comes back is used again before a report has to try it (only registered when a replica is configured).
/// </summary>
internal sealed partial class ReplicaMonitor(ReportDatabase reports, ReportReplicaOptions options, TimeProvider time, ILogger<ReplicaMonitor> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await reports.ProbeAsync(evenIfKnownDown: true, stop); // remembers and logs an unreachable replica itself
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogProbeFailed(e); // anything else must not stop the Host (a failed BackgroundService does)
            }
            await Task.Delay(options.ProbeEvery, time, stop);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Reporting replica probe failed")]
    private partial void LogProbeFailed(Exception e);
}
