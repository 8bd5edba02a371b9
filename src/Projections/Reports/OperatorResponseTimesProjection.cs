using Domain.Alarms;
using EventStore;
using EventStore.Projections;
using static Projections.Reports.ReportCommands;

namespace Projections.Reports;

/// <summary>
/// Operator response times: per alarm, the operator who acknowledged it (and so owns it), the seconds from raised to
/// acknowledged and from raised to resolved. The response-time report takes p50/p95 of these per operator, shift and
/// day with <c>percentile_cont</c>; the read model keeps the raw seconds because percentiles cannot be summed.
/// <para>Source events: site_registered and site_details_changed (tenant of each site), alarm_raised,
/// alarm_acknowledged, alarm_resolved.</para>
/// <para>Idempotent: the daemon applies each event once per generation (its checkpoint commits with these writes),
/// and every write is an upsert or an update keyed by the alarm id, computed from the event and the row's own
/// raised_at, so a rebuild from zero gives the same rows.</para>
/// </summary>
public sealed class OperatorResponseTimesProjection : Projection
{
    /// <summary>The view reports query: one row per alarm.</summary>
    public const string Table = "response_times";

    /// <summary>The view of sites (site_id, tenant, name) this read model keeps.</summary>
    public const string SitesTable = "response_time_sites";

    public override string Name => "operator_response_times";

    public override IReadOnlyCollection<string> EventTypes { get; } =
        [.. ReportTenancy.SiteEventTypes, "alarm_raised", "alarm_acknowledged", "alarm_resolved"];

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        ReportTenancy.Sites(SitesTable),
        new(Table, """
            create table {table} (
                alarm_id text primary key, tenant text not null, site_id text not null, kind text not null,
                priority text not null, raised_at timestamptz not null, acknowledged_by text,
                acknowledged_at timestamptz, acknowledge_seconds double precision, resolved_by text,
                resolved_at timestamptz, resolve_seconds double precision);
            """,
            """
            -- The report reads the acknowledged alarms of a period (by acknowledged_at: the shift that did the work)
            -- and aggregates them; the included columns make that an index-only scan. The second serves one operator.
            create index on {table} (tenant, acknowledged_at)
                include (acknowledged_by, site_id, acknowledge_seconds, resolve_seconds) where acknowledged_at is not null;
            create index on {table} (tenant, acknowledged_by, acknowledged_at)
                include (site_id, acknowledge_seconds, resolve_seconds) where acknowledged_at is not null;
            """),
    ];

    public override async Task ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        var sites = context.Table(SitesTable);
        var times = context.Table(Table);
        await using var batch = new Npgsql.NpgsqlBatch(context.Connection, context.Transaction);
        foreach (var e in events)
        {
            var cmd = ReportTenancy.Apply(e.Data, sites, panels: null) ?? e.Data switch
            {
                AlarmRaised a => Command($"""
                    insert into {times} (alarm_id, tenant, site_id, kind, priority, raised_at)
                    select $1, coalesce((select tenant from {sites} where site_id = $2), ''), $2, $3, $4, $5
                    on conflict (alarm_id) do nothing
                    """, a.AlarmId, a.SiteId, a.Kind, a.Priority, a.RaisedAt),
                // The first acknowledgement is the response; a later hand-over does not reset it.
                AlarmAcknowledged k => Command($"""
                    update {times} set acknowledged_by = $2, acknowledged_at = $3,
                        acknowledge_seconds = greatest(0, extract(epoch from $3 - raised_at))::double precision
                    where alarm_id = $1 and acknowledged_at is null
                    """, k.AlarmId, k.OperatorId, k.AcknowledgedAt),
                AlarmResolved r => Command($"""
                    update {times} set resolved_by = $2, resolved_at = $3,
                        resolve_seconds = greatest(0, extract(epoch from $3 - raised_at))::double precision
                    where alarm_id = $1
                    """, r.AlarmId, r.OperatorId, r.ResolvedAt),
                _ => null,
            };
            if (cmd is not null) batch.BatchCommands.Add(cmd);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }
}
