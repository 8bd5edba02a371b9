using EventStore;
using EventStore.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Host.Reports.Daily;

/// <summary>
/// Claims on <c>report_runs</c>, always on the primary (a replica is read-only). A claim is one insert: the first host
/// gets the row, every other host's insert does nothing; the row of a run that crashed half-way ('started' for longer
/// than the take-over age) is claimed again. Idempotent by (report, tenant, day).
/// </summary>
internal sealed class DailyReportRuns(PostgresEventStore store, DailyReportOptions options)
{
    private const string ClaimSql = """
        insert into {schema}.report_runs as r (report, tenant, day, state, started_at, host)
        values ($1, $2, $3, 'started', now(), $4)
        on conflict (report, tenant, day) do update set started_at = now(), host = excluded.host, attempts = r.attempts + 1
            where r.state = 'started' and r.started_at < now() - $5
        returning attempts
        """;

    // Only the holder of the current claim (host and attempt) may finish or release it: a host that was taken over
    // after all must not mark the newer run done.
    private const string FinishSql = """
        update {schema}.report_runs set state = 'done', finished_at = now()
        where report = $1 and tenant = $2 and day = $3 and host = $4 and attempts = $5 and state = 'started'
        """;

    private const string ReleaseSql = """
        delete from {schema}.report_runs
        where report = $1 and tenant = $2 and day = $3 and host = $4 and attempts = $5 and state = 'started'
        """;

    private const string DoneSql = "select tenant from {schema}.report_runs where report = $1 and day = $2 and state = 'done'";

    /// <summary>The claim, or null when another host has written the report or is writing it.</summary>
    public async Task<Claim?> TryClaimAsync(string report, string tenant, DateOnly day, CancellationToken ct)
    {
        await using var cmd = Command(ClaimSql, report, tenant, day, options.HostName);
        cmd.Parameters.Add(new NpgsqlParameter { Value = options.TakeOverAfter, NpgsqlDbType = NpgsqlDbType.Interval });
        return await cmd.ExecuteScalarAsync(ct) is int attempt ? new Claim(report, tenant, day, attempt) : null;
    }

    /// <summary>Marks the report written; false if the claim had been taken over meanwhile.</summary>
    public async Task<bool> FinishAsync(Claim claim, CancellationToken ct)
    {
        await using var cmd = Command(FinishSql, claim.Report, claim.Tenant, claim.Day, options.HostName);
        cmd.Parameters.Add(new NpgsqlParameter { Value = claim.Attempt });
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Gives a claim back after a failure, so that the next look (by any host) tries again at once.</summary>
    public async Task ReleaseAsync(Claim claim, CancellationToken ct)
    {
        await using var cmd = Command(ReleaseSql, claim.Report, claim.Tenant, claim.Day, options.HostName);
        cmd.Parameters.Add(new NpgsqlParameter { Value = claim.Attempt });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The tenants whose report for the day is written.</summary>
    public async Task<HashSet<string>> DoneAsync(string report, DateOnly day, CancellationToken ct)
    {
        await using var cmd = Command(DoneSql, report, day);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct)) done.Add(reader.GetString(0));
        return done;
    }

    private NpgsqlCommand Command(string sql, params object[] values)
    {
        var cmd = store.DataSource.CreateCommand(sql.Replace("{schema}", SchemaMigrator.Quote(store.Options.Schema), StringComparison.Ordinal));
        foreach (var value in values) cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        return cmd;
    }

    /// <summary>A held claim: <paramref name="Attempt"/> tells this claim from a later take-over of the same row.</summary>
    public sealed record Claim(string Report, string Tenant, DateOnly Day, int Attempt);
}
