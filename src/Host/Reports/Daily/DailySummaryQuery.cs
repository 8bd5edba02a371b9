using Domain.Alarms;
using EventStore.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Host.Reports.Daily;

/// <summary>
/// Every tenant's <see cref="DailySummary"/> for one day, in one batch of four queries. Read straight from the
/// store's <c>events</c> table (the stored contract: pinned type names, camelCase fields, enums as numbers) rather
/// than from read models: it needs no projection to have caught up, survives read-model rebuilds and changes, and on
/// the replica a nightly scan costs the primary nothing. Times are the facts' own (raisedAt, acknowledgedAt, …), so a
/// day's report does not depend on when it was written. A site's tenant is the one it was registered for.
/// </summary>
internal static class DailySummaryQuery
{
    // Shared head of every statement: site → tenant. A constant spliced with the validated schema name only.
    private const string Sites = """
        with sites as (
            select data->>'siteId' as site_id, min(data->>'tenantId') as tenant, min((data->>'registeredAt')::timestamptz) as registered_at
            from {schema}.events where type = 'site_registered' group by 1)
        """;

    /// <summary>Tenants with a site in monitoring at some point of the day ($1 start, $2 end): each gets a report, even an empty one.</summary>
    private const string TenantsSql = Sites + """
        , retired as (
            select data->>'siteId' as site_id, min((data->>'decommissionedAt')::timestamptz) as at
            from {schema}.events where type = 'site_decommissioned' group by 1)
        select distinct s.tenant from sites s left join retired r using (site_id)
        where s.registered_at < $2 and coalesce(r.at, 'infinity') > $1
        order by 1
        """;

    /// <summary>Alarms raised in the day by tenant, kind and outcome (null: not resolved by the day's end).</summary>
    private const string AlarmsSql = Sites + """
        , raised as (
            select e.data->>'alarmId' as alarm_id, s.tenant, (e.data->>'kind')::int as kind
            from {schema}.events e join sites s on s.site_id = e.data->>'siteId'
            where e.type = 'alarm_raised' and (e.data->>'raisedAt')::timestamptz >= $1 and (e.data->>'raisedAt')::timestamptz < $2),
        resolved as (
            select data->>'alarmId' as alarm_id, min((data->>'outcome')::int) as outcome
            from {schema}.events where type = 'alarm_resolved' and (data->>'resolvedAt')::timestamptz < $2 group by 1)
        select r.tenant, r.kind, v.outcome, count(*) from raised r left join resolved v using (alarm_id)
        group by 1, 2, 3 order by 1, 2, 3
        """;

    /// <summary>Response-time percentiles of the acknowledgements and resolutions made in the day, by tenant.</summary>
    private const string ResponsesSql = Sites + """
        , raised as (
            select e.data->>'alarmId' as alarm_id, s.tenant, min((e.data->>'raisedAt')::timestamptz) as raised_at
            from {schema}.events e join sites s on s.site_id = e.data->>'siteId' where e.type = 'alarm_raised' group by 1, 2),
        handled as (
            select 'acknowledge' as stage, data->>'alarmId' as alarm_id, (data->>'acknowledgedAt')::timestamptz as at
            from {schema}.events where type = 'alarm_acknowledged'
            union all
            select 'resolve', data->>'alarmId', (data->>'resolvedAt')::timestamptz from {schema}.events where type = 'alarm_resolved'),
        seconds as (
            select r.tenant, h.stage, greatest(0, extract(epoch from h.at - r.raised_at))::float8 as s
            from handled h join raised r using (alarm_id) where h.at >= $1 and h.at < $2)
        select tenant, stage, count(*), percentile_cont(0.5) within group (order by s), percentile_cont(0.95) within group (order by s)
        from seconds group by 1, 2 order by 1, 2
        """;

    /// <summary>
    /// Panel connectivity by tenant. An outage runs from a communication loss to the panel's next connectivity fact
    /// (restored, connected, or another loss), or on past the day's end; it is clipped to the day.
    /// </summary>
    private const string ConnectivitySql = Sites + """
        , panels as (
            select e.data->>'panelId' as panel_id, min(s.tenant) as tenant, min((e.data->>'registeredAt')::timestamptz) as registered_at
            from {schema}.events e join sites s on s.site_id = e.data->>'siteId' where e.type = 'panel_registered' group by 1),
        retired as (
            select data->>'panelId' as panel_id, min((data->>'decommissionedAt')::timestamptz) as at
            from {schema}.events where type = 'panel_decommissioned' group by 1),
        changes as (
            select data->>'panelId' as panel_id, type = 'panel_communication_lost' as lost, position,
                   coalesce(data->>'lostAt', data->>'restoredAt', data->>'connectedAt')::timestamptz as at
            from {schema}.events
            where type in ('panel_communication_lost', 'panel_communication_restored', 'panel_connected')),
        outages as (
            select panel_id, lost, at as lost_at, lead(at) over (partition by panel_id order by at, position) as back_at from changes),
        offline as (
            select panel_id, count(*) filter (where lost_at >= $1) as losses,
                   sum(greatest(0, extract(epoch from least(coalesce(back_at, 'infinity'), $2) - greatest(lost_at, $1)))) as seconds
            from outages where lost and lost_at < $2 group by 1)
        select p.tenant, count(*), coalesce(sum(o.losses), 0)::bigint, coalesce(sum(o.seconds), 0)::float8,
               coalesce(sum(extract(epoch from least(coalesce(r.at, 'infinity'), $2) - greatest(p.registered_at, $1))), 0)::float8
        from panels p left join retired r using (panel_id) left join offline o using (panel_id)
        where p.registered_at < $2 and coalesce(r.at, 'infinity') > $1
        group by 1 order by 1
        """;

    public static async Task<IReadOnlyList<DailySummary>> ReadAsync(NpgsqlConnection connection, string schema, DateOnly day,
        string source, double? lagSeconds, CancellationToken ct)
    {
        var (start, end) = DailySchedule.Range(day);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var sql in (string[])[TenantsSql, AlarmsSql, ResponsesSql, ConnectivitySql])
        {
            var cmd = new NpgsqlBatchCommand(sql.Replace("{schema}", SchemaMigrator.Quote(schema), StringComparison.Ordinal));
            cmd.Parameters.Add(new NpgsqlParameter { Value = start, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            cmd.Parameters.Add(new NpgsqlParameter { Value = end, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(cmd);
        }
        await using var reader = await batch.ExecuteReaderAsync(ct);

        var tenants = new List<string>();
        while (await reader.ReadAsync(ct)) tenants.Add(reader.GetString(0));
        await reader.NextResultAsync(ct);
        var alarms = new Dictionary<string, List<DailyAlarmCount>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var outcome = reader.IsDBNull(2) ? "open" : ((AlarmOutcome)reader.GetInt32(2)).ToString();
            Add(alarms, reader.GetString(0), new DailyAlarmCount(((AlarmKind)reader.GetInt32(1)).ToString(), outcome, reader.GetInt64(3)));
        }
        await reader.NextResultAsync(ct);
        var responses = new Dictionary<(string Tenant, string Stage), DailyResponseTimes>();
        while (await reader.ReadAsync(ct))
            responses[(reader.GetString(0), reader.GetString(1))] = new DailyResponseTimes(reader.GetInt64(2), reader.GetDouble(3), reader.GetDouble(4));
        await reader.NextResultAsync(ct);
        var connectivity = new Dictionary<string, DailyConnectivity>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
            connectivity[reader.GetString(0)] = new DailyConnectivity(reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetDouble(4));

        return tenants.Select(t => new DailySummary(t, day,
            alarms.TryGetValue(t, out var a) ? a : [],
            responses.GetValueOrDefault((t, "acknowledge"), DailyResponseTimes.None),
            responses.GetValueOrDefault((t, "resolve"), DailyResponseTimes.None),
            connectivity.GetValueOrDefault(t, DailyConnectivity.None),
            source, lagSeconds)).ToList();
    }

    private static void Add(Dictionary<string, List<DailyAlarmCount>> byTenant, string tenant, DailyAlarmCount count)
    {
        if (!byTenant.TryGetValue(tenant, out var list)) byTenant[tenant] = list = [];
        list.Add(count);
    }
}
