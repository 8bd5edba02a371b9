using System.Diagnostics.Metrics;
using EventStore;
using Host.Metrics;
using Npgsql;

namespace Host.Infrastructure.Replica;

/// <summary>
/// Where report queries run: on the reporting replica when one is configured (<see cref="ReportReplicaOptions"/>),
/// otherwise, or while the replica does not answer, on the primary. Report endpoints and the report scheduler open
/// connections only through this, and pass <see cref="ReportConnection.Source"/> and
/// <see cref="ReportConnection.LagSeconds"/> on to their readers.
/// </summary>
internal sealed partial class ReportDatabase : IAsyncDisposable
{
    private readonly PostgresEventStore _store;
    private readonly NpgsqlDataSource? _replica;
    private readonly ReportReplicaOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReportDatabase> _logger;
    private readonly Counter<long> _fallbacks;
    private long _downUntilTicks; // UTC ticks: until then reports skip the replica (0: not known to be down)
    private int _down;            // 1 while the replica is known unreachable: the warning is logged on the change only
    private double _lastLag = double.NaN;

    public ReportDatabase(PostgresEventStore store, ReportReplicaOptions options, HostMetrics metrics, IMeterFactory meters,
        TimeProvider time, ILogger<ReportDatabase> logger)
    {
        (_store, _options, _time, _logger) = (store, options, time, logger);
        // The factory hands back the Host's own meter (same name), which the /metrics exporter listens to.
        _fallbacks = meters.Create(HostMetrics.MeterName).CreateCounter<long>("alarm_monitoring.reports.replica_fallbacks",
            description: "Report connections served by the primary because the reporting replica did not answer.");
        if (options.ConnectionString is null) return;
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString) { Timeout = TimeoutSeconds };
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "alarm-monitoring-reports";
        _replica = NpgsqlDataSource.Create(builder.ConnectionString);
        _fallbacks.Add(0); // the series exists from start-up, so a rate can be taken from the first fallback on
        metrics.AddGauge("alarm_monitoring.reports.replica_lag_seconds",
            "Seconds the reporting replica's data is behind the primary (NaN: unknown, e.g. replica unreachable).", () => Volatile.Read(ref _lastLag));
    }

    /// <summary>The schema the read models live in (the same on the replica: it is a physical copy).</summary>
    public string Schema => _store.Options.Schema;

    /// <summary>
    /// An open connection for a report: the replica's, or the primary's when there is no replica or it is unreachable
    /// (counted in <c>alarm_monitoring.reports.replica_fallbacks</c>).
    /// </summary>
    public async Task<ReportConnection> OpenAsync(CancellationToken ct)
    {
        if (_replica is not null)
        {
            if (!KnownDown && await TryReplicaAsync(_replica, ct) is { } replica) return replica;
            _fallbacks.Add(1);
        }
        return new ReportConnection(await _store.DataSource.OpenConnectionAsync(ct), "primary", 0);
    }

    /// <summary>
    /// Whether the replica answers now, and its lag. With <paramref name="evenIfKnownDown"/> false a replica that
    /// failed moments ago is reported unreachable without waiting for another connect timeout (readiness checks).
    /// </summary>
    public async Task<ReplicaProbe> ProbeAsync(bool evenIfKnownDown, CancellationToken ct)
    {
        if (_replica is null) return new ReplicaProbe(Configured: false, Reachable: false, LagSeconds: null);
        if (!evenIfKnownDown && KnownDown) return new ReplicaProbe(true, false, null);
        await using var connection = await TryReplicaAsync(_replica, ct);
        return new ReplicaProbe(true, connection is not null, connection?.LagSeconds);
    }

    private int TimeoutSeconds => Math.Max(1, (int)Math.Ceiling(_options.ConnectTimeout.TotalSeconds)); // whole seconds in Npgsql

    private bool KnownDown => _time.GetUtcNow().UtcTicks < Volatile.Read(ref _downUntilTicks);

    /// <summary>
    /// Opens a replica connection and reads the lag on it. The lag query doubles as the check that the connection
    /// works: a pooled connection may be dead from a replica restart since it was last used, and this finds out here
    /// rather than in the report's query. Such a connection is thrown away with the pool and one fresh try made.
    /// </summary>
    private async Task<ReportConnection?> TryReplicaAsync(NpgsqlDataSource replica, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            NpgsqlConnection? connection = null;
            try
            {
                connection = await replica.OpenConnectionAsync(ct);
                var lag = await ReplicaLag.ReadAsync(connection, TimeoutSeconds, ct);
                MarkReachable(lag);
                return new ReportConnection(connection, "replica", lag);
            }
            catch (Exception e)
            {
                var pooled = connection is not null;
                if (connection is not null) await connection.DisposeAsync();
                if (ct.IsCancellationRequested || e is not (NpgsqlException or TimeoutException or IOException)) throw;
                replica.Clear();
                if (pooled && attempt == 1) continue;
                MarkUnreachable(e);
                return null;
            }
        }
    }

    private void MarkReachable(double? lag)
    {
        Volatile.Write(ref _lastLag, lag ?? double.NaN);
        Volatile.Write(ref _downUntilTicks, 0);
        if (Interlocked.Exchange(ref _down, 0) == 1) LogReplicaBack();
    }

    private void MarkUnreachable(Exception e)
    {
        Volatile.Write(ref _lastLag, double.NaN);
        Volatile.Write(ref _downUntilTicks, (_time.GetUtcNow() + _options.RetryAfter).UtcTicks);
        if (Interlocked.Exchange(ref _down, 1) == 0) LogReplicaDown(e, _options.RetryAfter.TotalSeconds);
        else LogReplicaStillDown(e.Message);
    }

    public ValueTask DisposeAsync() => _replica?.DisposeAsync() ?? ValueTask.CompletedTask;

    [LoggerMessage(LogLevel.Warning, "Reporting replica unreachable: reports are served by the primary (replica retried every {RetryAfterSeconds} s)")]
    private partial void LogReplicaDown(Exception e, double retryAfterSeconds);

    [LoggerMessage(LogLevel.Debug, "Reporting replica still unreachable: {Reason}")]
    private partial void LogReplicaStillDown(string reason);

    [LoggerMessage(LogLevel.Information, "Reporting replica answers again: reports are served by it")]
    private partial void LogReplicaBack();
}

/// <summary>What a probe of the reporting replica found; <paramref name="LagSeconds"/> null when unknown.</summary>
internal sealed record ReplicaProbe(bool Configured, bool Reachable, double? LagSeconds);
