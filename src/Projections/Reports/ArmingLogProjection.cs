using Domain.Panels;
using EventStore;
using EventStore.Projections;
using static Projections.Reports.ReportCommands;

namespace Projections.Reports;

/// <summary>
/// The arm/disarm log: one row per arming or disarming the panel recorded, with who did it (the panel's user
/// number), which partition, the panel's own clock and when we recorded it. Nothing here knows a schedule: the
/// arming report compares arm times with an optional expected time given in the request (docs/reports.md).
/// <para>Source events: site_registered and site_details_changed (tenant and name of each site), panel_registered
/// (the panel's site), panel_event_recorded of kind Arm or Disarm (other kinds are ignored).</para>
/// <para>Idempotent: the daemon applies each event once per generation (its checkpoint commits with these writes),
/// and each row is an insert keyed by the stored event's id (the panel's event-log index wraps around, so it is no
/// key), skipped on conflict, so a rebuild from zero gives the same rows.</para>
/// </summary>
public sealed class ArmingLogProjection : Projection
{
    /// <summary>The view reports query: one row per arm or disarm.</summary>
    public const string Table = "arming_log";

    /// <summary>The view of sites (site_id, tenant, name) this read model keeps.</summary>
    public const string SitesTable = "arming_sites";

    /// <summary>The view of panels (panel_id, site_id, tenant, decommissioned) this read model keeps.</summary>
    public const string PanelsTable = "arming_panels";

    public override string Name => "arming_log";

    public override IReadOnlyCollection<string> EventTypes { get; } =
        [.. ReportTenancy.SiteEventTypes, "panel_registered", "panel_event_recorded"];

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        ReportTenancy.Sites(SitesTable),
        ReportTenancy.Panels(PanelsTable),
        new(Table, """
            create table {table} (
                event_id uuid primary key, tenant text not null, site_id text not null, panel_id text not null,
                action text not null, partition int, user_number int, panel_time timestamp not null,
                recorded_at timestamptz not null, event_code int not null, description text not null);
            -- A report page is a range of one tenant's recorded_at in index order, optionally for a site or a panel.
            create index on {table} (tenant, recorded_at, event_id);
            create index on {table} (tenant, site_id, recorded_at, event_id);
            create index on {table} (tenant, panel_id, recorded_at, event_id);
            """),
    ];

    public override async Task ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        var (sites, panels, log) = (context.Table(SitesTable), context.Table(PanelsTable), context.Table(Table));
        await using var batch = new Npgsql.NpgsqlBatch(context.Connection, context.Transaction);
        foreach (var e in events)
        {
            var cmd = ReportTenancy.Apply(e.Data, sites, panels) ?? e.Data switch
            {
                PanelEventRecorded { Kind: PanelEventKind.Arm or PanelEventKind.Disarm } r => Command($"""
                    insert into {log} (event_id, tenant, site_id, panel_id, action, partition, user_number, panel_time, recorded_at, event_code, description)
                    select $1, p.tenant, p.site_id, p.panel_id, $3, $4::int, $5::int, $6, $7, $8, $9 from {panels} p where p.panel_id = $2
                    on conflict (event_id) do nothing
                    """, e.EventId, r.PanelId, r.Kind == PanelEventKind.Arm ? "arm" : "disarm", r.Partition, r.User, r.PanelTime,
                    r.RecordedAt, r.EventCode, r.Description),
                _ => null,
            };
            if (cmd is not null) batch.BatchCommands.Add(cmd);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }
}
