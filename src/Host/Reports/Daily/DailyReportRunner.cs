using EventStore;
using Host.Infrastructure.Replica;

namespace Host.Reports.Daily;

/// <summary>
/// Writes one day's summary for every tenant, each exactly once across hosts and restarts: claim the
/// (report, tenant, day) row, write the files, mark the row done. A report another host has written or is writing is
/// skipped; one whose writer crashed half-way is taken over once its claim is old (<see cref="DailyReportRuns"/>).
/// </summary>
internal sealed partial class DailyReportRunner(
    ReportDatabase reports, PostgresEventStore store, DailyReportOptions options, TimeProvider time, ILogger<DailyReportRunner> logger)
{
    public const string Report = "daily_summary";
    private readonly DailyReportRuns _runs = new(store, options);
    private bool _migrated;

    /// <summary>What one pass did: reports written here, and whether every tenant's report for the day now exists.</summary>
    public sealed record Result(int Written, int Tenants, bool AllDone);

    public async Task<Result> RunAsync(DateOnly day, CancellationToken ct)
    {
        var directory = options.Directory ?? throw new InvalidOperationException("Reports:Daily:Directory is not configured.");
        if (!_migrated)
        {
            await DailyReportSchema.MigrateAsync(store, ct);
            _migrated = true;
        }
        var summaries = await ReadAsync(day, ct);
        var written = 0;
        foreach (var summary in summaries)
        {
            if (await _runs.TryClaimAsync(Report, summary.Tenant, day, ct) is not { } claim) continue; // written, or being written
            try
            {
                await DailyReportFiles.WriteAsync(directory, summary, time.GetUtcNow(), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWriteFailed(e, summary.Tenant, day);
                await _runs.ReleaseAsync(claim, CancellationToken.None);
                continue;
            }
            if (await _runs.FinishAsync(claim, ct)) written++;
            else LogTakenOver(summary.Tenant, day);
            if (claim.Attempt > 1) LogTookOver(summary.Tenant, day, claim.Attempt);
        }
        var done = await _runs.DoneAsync(Report, day, ct);
        var allDone = summaries.All(s => done.Contains(s.Tenant));
        if (written > 0) LogWritten(written, day, summaries.Count, summaries.Count == 0 ? "-" : summaries[0].Source);
        return new Result(written, summaries.Count, allDone);
    }

    /// <summary>
    /// From the reporting replica when it certainly holds the whole day (its data is newer than the day's end), from
    /// the primary otherwise: a lagging or disconnected replica must not yield a short report that is then final.
    /// </summary>
    private async Task<IReadOnlyList<DailySummary>> ReadAsync(DateOnly day, CancellationToken ct)
    {
        var dayEnd = DailySchedule.Range(day).End;
        await using (var connection = await reports.OpenAsync(ct))
        {
            if (connection.Source == "primary" || (connection.LagSeconds is { } lag && time.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(lag) >= dayEnd))
                return await DailySummaryQuery.ReadAsync(connection.Connection, reports.Schema, day, connection.Source, connection.LagSeconds, ct);
            LogReplicaBehind(day, connection.LagSeconds);
        }
        await using var primary = await store.DataSource.OpenConnectionAsync(ct);
        return await DailySummaryQuery.ReadAsync(primary, reports.Schema, day, "primary", 0, ct);
    }

    [LoggerMessage(LogLevel.Information, "Daily summary for {Day} written for {Written} of {Tenants} tenants (read from the {Source})")]
    private partial void LogWritten(int written, DateOnly day, int tenants, string source);

    [LoggerMessage(LogLevel.Error, "Daily summary of {Tenant} for {Day} not written; it is tried again")]
    private partial void LogWriteFailed(Exception e, string tenant, DateOnly day);

    [LoggerMessage(LogLevel.Warning, "Daily summary of {Tenant} for {Day}: another host took the run over while this one wrote it")]
    private partial void LogTakenOver(string tenant, DateOnly day);

    [LoggerMessage(LogLevel.Warning, "Daily summary of {Tenant} for {Day} taken over from a run that did not finish (attempt {Attempt})")]
    private partial void LogTookOver(string tenant, DateOnly day, int attempt);

    [LoggerMessage(LogLevel.Information, "Daily summary for {Day}: the reporting replica may not hold the whole day yet (lag {LagSeconds} s); read from the primary")]
    private partial void LogReplicaBehind(DateOnly day, double? lagSeconds);
}
