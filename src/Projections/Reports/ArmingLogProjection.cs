using Domain.Panels;
using EventStore;
using EventStore.Projections;
using Npgsql;

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
            """,
            """
            -- A report page is a range of one tenant's recorded_at in index order, optionally for a site or a panel.
            create index on {table} (tenant, recorded_at, event_id);
            create index on {table} (tenant, site_id, recorded_at, event_id);
            create index on {table} (tenant, panel_id, recorded_at, event_id);
            """),
    ];

    public override async Task ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        var (sites, panels, log) = (context.Table(SitesTable), context.Table(PanelsTable), context.Table(Table));
        await using var batch = new NpgsqlBatch(context.Connection, context.Transaction);
        var rows = new ArmingRows();
        foreach (var e in events)
        {
            if (ReportTenancy.Apply(e.Data, sites, panels) is { } tenancy) batch.BatchCommands.Add(tenancy);
            else if (e.Data is PanelEventRecorded { Kind: PanelEventKind.Arm or PanelEventKind.Disarm } r) rows.Add(e.EventId, r);
        }
        // Arms and disarms are most of a station's log, so the batch's rows go in as one set-based insert (a statement
        // per event cost a rebuild most of its time). It runs after the batch's site and panel commands: a row needs
        // only its panel's site and tenant, which never change once the panel is registered, so the order is safe.
        if (rows.Count > 0) batch.BatchCommands.Add(rows.Insert(log, panels));
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }
}
