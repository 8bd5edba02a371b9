using Domain.Alarms;
using EventStore;
using EventStore.Projections;
using static Projections.Reports.ReportCommands;

namespace Projections.Reports;

/// <summary>
/// Alarm history: one row per alarm, open or resolved, with its tenant, site, panel, kind, priority, partition and
/// zone, when it was raised, first acknowledged (and by whom), first dispatched, escalated and resolved (by whom,
/// with which outcome), and how often it repeated. Serves the alarm report (per period, site, panel, kind, outcome).
/// <para>Source events: site_registered and site_details_changed (tenant and name of each site), alarm_raised,
/// alarm_repeated, alarm_acknowledged, alarm_dispatched, alarm_escalated, alarm_resolved.</para>
/// <para>Idempotent: the daemon applies each event once per generation (its checkpoint commits with these writes),
/// and every write is an upsert or an update keyed by the alarm id that depends only on the event, so a rebuild
/// from zero gives the same rows.</para>
/// </summary>
public sealed class AlarmHistoryProjection : Projection
{
    /// <summary>The view reports query: one row per alarm.</summary>
    public const string Table = "alarm_history";

    /// <summary>The view of sites (site_id, tenant, name) this read model keeps.</summary>
    public const string SitesTable = "alarm_history_sites";

    public override string Name => "alarm_history";

    public override IReadOnlyCollection<string> EventTypes { get; } =
    [
        .. ReportTenancy.SiteEventTypes, "alarm_raised", "alarm_repeated", "alarm_acknowledged", "alarm_dispatched",
        "alarm_escalated", "alarm_resolved",
    ];

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        ReportTenancy.Sites(SitesTable),
        new(Table, """
            create table {table} (
                alarm_id text primary key, tenant text not null, site_id text not null, panel_id text not null,
                kind text not null, priority text not null, partition int, zone int, raised_at timestamptz not null,
                acknowledged_at timestamptz, acknowledged_by text, dispatched_at timestamptz, dispatched_by text,
                dispatch_target text, dispatches int not null default 0, escalated_at timestamptz,
                repeats int not null default 0, resolved_at timestamptz, resolved_by text, outcome text,
                version bigint not null);
            """,
            """
            -- A report page is a range of one tenant's raised_at, read in index order (no sort), optionally narrowed
            -- to a site or a panel; kind and outcome are filtered on the rows the range yields (docs/reports.md).
            create index on {table} (tenant, raised_at, alarm_id);
            create index on {table} (tenant, site_id, raised_at, alarm_id);
            create index on {table} (tenant, panel_id, raised_at, alarm_id);
            """),
    ];

    public override async Task ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        var sites = context.Table(SitesTable);
        var alarms = context.Table(Table);
        await using var batch = new Npgsql.NpgsqlBatch(context.Connection, context.Transaction);
        foreach (var e in events)
        {
            var cmd = ReportTenancy.Apply(e.Data, sites, panels: null) ?? e.Data switch
            {
                AlarmRaised a => Command($"""
                    insert into {alarms} (alarm_id, tenant, site_id, panel_id, kind, priority, partition, zone, raised_at, version)
                    select $1, coalesce((select tenant from {sites} where site_id = $2), ''), $2, $3, $4, $5, $6::int, $7::int, $8, $9
                    on conflict (alarm_id) do nothing
                    """, a.AlarmId, a.SiteId, a.PanelId, a.Kind, a.Priority, a.Partition, a.Zone, a.RaisedAt, e.StreamVersion),
                AlarmRepeated r => Command($"update {alarms} set repeats = repeats + 1, version = $2 where alarm_id = $1", r.AlarmId, e.StreamVersion),
                // Ownership can pass between operators; the report shows the first acknowledgement, the one that stopped escalation.
                AlarmAcknowledged k => Command($"""
                    update {alarms} set acknowledged_at = coalesce(acknowledged_at, $2), acknowledged_by = coalesce(acknowledged_by, $3), version = $4
                    where alarm_id = $1
                    """, k.AlarmId, k.AcknowledgedAt, k.OperatorId, e.StreamVersion),
                AlarmDispatched d => Command($"""
                    update {alarms} set dispatched_at = coalesce(dispatched_at, $2), dispatched_by = coalesce(dispatched_by, $3),
                        dispatch_target = coalesce(dispatch_target, $4), dispatches = dispatches + 1, version = $5
                    where alarm_id = $1
                    """, d.AlarmId, d.DispatchedAt, d.OperatorId, d.Target, e.StreamVersion),
                AlarmEscalated x => Command($"update {alarms} set escalated_at = coalesce(escalated_at, $2), version = $3 where alarm_id = $1",
                    x.AlarmId, x.EscalatedAt, e.StreamVersion),
                AlarmResolved r => Command($"update {alarms} set resolved_at = $2, resolved_by = $3, outcome = $4, version = $5 where alarm_id = $1",
                    r.AlarmId, r.ResolvedAt, r.OperatorId, r.Outcome, e.StreamVersion),
                _ => null,
            };
            if (cmd is not null) batch.BatchCommands.Add(cmd);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }
}
