using Domain.Alarms;
using Domain.Sites;
using EventStore;
using EventStore.Projections;
using NpgsqlTypes;

namespace Projections.Alarms;

/// <summary>
/// The open alarms board: one row per alarm not yet resolved, with its tenant (from the site's registration),
/// priority, status and acknowledgement. Source events: site_registered (tenant of each site), alarm_raised,
/// alarm_repeated, alarm_acknowledged, alarm_dispatched, alarm_escalated, alarm_resolved. Idempotent by the
/// daemon's exactly-once checkpoint, and every write is an upsert or a delete keyed by id, so a rebuild from zero
/// gives the same rows.
/// </summary>
public sealed class OpenAlarmsProjection : Projection
{
    public override string Name => "open_alarms";

    public override IReadOnlyCollection<string> EventTypes { get; } =
        ["site_registered", "alarm_raised", "alarm_repeated", "alarm_acknowledged", "alarm_dispatched", "alarm_escalated", "alarm_resolved"];

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("open_alarm_sites", "create table {table} (site_id text primary key, tenant text not null)"),
        new("open_alarms", """
            create table {table} (
                alarm_id text primary key, tenant text not null, site_id text not null, panel_id text not null,
                kind text not null, priority int not null, partition int, zone int, status text not null,
                raised_at timestamptz not null, acknowledged_by text, acknowledged_at timestamptz,
                repeats int not null default 0, escalated boolean not null default false, version bigint not null);
            """,
            """
            -- the board's order with its tie-break: a page is read from the index, no sort, and the count is index-only
            create index on {table} (tenant, priority desc, raised_at, alarm_id);
            create index on {table} (tenant, site_id);
            """),
    ];

    public override async Task ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        var sites = context.Table("open_alarm_sites");
        var alarms = context.Table("open_alarms");
        await using var batch = new Npgsql.NpgsqlBatch(context.Connection, context.Transaction);
        foreach (var e in events)
        {
            var cmd = e.Data switch
            {
                SiteRegistered s => Command($"insert into {sites} values ($1, $2) on conflict (site_id) do update set tenant = excluded.tenant", s.SiteId, s.TenantId),
                AlarmRaised a => Command($"""
                    insert into {alarms} (alarm_id, tenant, site_id, panel_id, kind, priority, partition, zone, status, raised_at, version)
                    select $1, coalesce((select tenant from {sites} where site_id = $2), ''), $2, $3, $4, $5, $6, $7, 'raised', $8, $9
                    on conflict (alarm_id) do nothing
                    """, a.AlarmId, a.SiteId, a.PanelId, a.Kind.ToString(), (int)a.Priority, a.Partition, a.Zone, a.RaisedAt, e.StreamVersion),
                AlarmRepeated r => Command($"update {alarms} set repeats = repeats + 1, version = $2 where alarm_id = $1", r.AlarmId, e.StreamVersion),
                AlarmAcknowledged k => Command($"update {alarms} set status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3, version = $4 where alarm_id = $1",
                    k.AlarmId, k.OperatorId, k.AcknowledgedAt, e.StreamVersion),
                AlarmDispatched d => Command($"update {alarms} set status = 'dispatched', version = $2 where alarm_id = $1", d.AlarmId, e.StreamVersion),
                AlarmEscalated x => Command($"update {alarms} set escalated = true, version = $2 where alarm_id = $1", x.AlarmId, e.StreamVersion),
                AlarmResolved r => Command($"delete from {alarms} where alarm_id = $1", r.AlarmId),
                _ => null,
            };
            if (cmd is not null) batch.BatchCommands.Add(cmd);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }

    private static Npgsql.NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var cmd = new Npgsql.NpgsqlBatchCommand(sql);
        foreach (var v in values)
            cmd.Parameters.Add(v switch
            {
                null => new Npgsql.NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer },
                DateTimeOffset t => new Npgsql.NpgsqlParameter { Value = t.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                _ => new Npgsql.NpgsqlParameter { Value = v },
            });
        return cmd;
    }
}
