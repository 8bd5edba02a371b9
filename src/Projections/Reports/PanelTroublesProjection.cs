using Domain.Panels;
using EventStore;
using EventStore.Projections;
using Npgsql;
using static Projections.Reports.ReportCommands;

namespace Projections.Reports;

/// <summary>
/// Panel troubles, open and past: one row per occurrence of a trouble, identified as in panel state by the panel, the
/// event code and the source (AC loss on the main board and on an expander are two troubles). It starts with a
/// Trouble panel event and ends with its restore (kind TroubleRestore, or Trouble with the restore flag); the open
/// one's restored_at is 'infinity', so "overlapping a window" is two plain index conditions.
/// <para>Source events: site_registered and site_details_changed (tenant and name of each site), panel_registered
/// (the panel's site), panel_event_recorded of kind Trouble or TroubleRestore (other kinds are ignored).</para>
/// <para>Idempotent: the daemon applies each event once per generation (its checkpoint commits with these writes);
/// an occurrence is keyed by the id of the event that started it and is opened only if the same trouble is not
/// already open (a trouble reported again keeps its start, as in panel state), and a restore closes only the open
/// one, so a rebuild from zero gives the same rows.</para>
/// </summary>
public sealed class PanelTroublesProjection : Projection
{
    /// <summary>The view reports query: one row per trouble occurrence.</summary>
    public const string Table = "panel_troubles";

    /// <summary>The view of sites (site_id, tenant, name) this read model keeps.</summary>
    public const string SitesTable = "trouble_sites";

    /// <summary>The view of panels (panel_id, site_id, tenant, decommissioned) this read model keeps.</summary>
    public const string PanelsTable = "trouble_panels";

    public override string Name => "panel_troubles";

    public override IReadOnlyCollection<string> EventTypes { get; } =
        [.. ReportTenancy.SiteEventTypes, "panel_registered", "panel_event_recorded"];

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        ReportTenancy.Sites(SitesTable),
        ReportTenancy.Panels(PanelsTable),
        new(Table, """
            create table {table} (
                trouble_id uuid primary key, tenant text not null, site_id text not null, panel_id text not null,
                event_code int not null, source int, description text not null, started_panel_time timestamp not null,
                started_at timestamptz not null, restored_panel_time timestamp,
                restored_at timestamptz not null default 'infinity');
            -- Finds the open occurrence of a trouble when applying, and keeps it unique.
            create unique index on {table} (panel_id, event_code, coalesce(source, -1)) where restored_at = 'infinity';
            """,
            """
            -- "Overlaps [from, to)": started_at < to and restored_at > from, as for connectivity periods.
            create index on {table} (tenant, started_at);
            create index on {table} (tenant, restored_at);
            """),
    ];

    public override async Task ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        var (sites, panels, troubles) = (context.Table(SitesTable), context.Table(PanelsTable), context.Table(Table));
        await using var batch = new NpgsqlBatch(context.Connection, context.Transaction);
        foreach (var e in events)
        {
            var cmd = ReportTenancy.Apply(e.Data, sites, panels) ?? e.Data switch
            {
                PanelEventRecorded { Kind: PanelEventKind.Trouble, Restore: false } r => Command($"""
                    insert into {troubles} (trouble_id, tenant, site_id, panel_id, event_code, source, description, started_panel_time, started_at)
                    select $1, p.tenant, p.site_id, p.panel_id, $3, $4::int, $5, $6, $7 from {panels} p where p.panel_id = $2
                    on conflict do nothing
                    """, e.EventId, r.PanelId, r.EventCode, r.Source, r.Description, r.PanelTime, r.RecordedAt),
                PanelEventRecorded { Kind: PanelEventKind.Trouble or PanelEventKind.TroubleRestore } r => Command($"""
                    update {troubles} set restored_at = greatest($4, started_at), restored_panel_time = $5
                     where panel_id = $1 and event_code = $2 and coalesce(source, -1) = coalesce($3::int, -1) and restored_at = 'infinity'
                    """, r.PanelId, r.EventCode, r.Source, r.RecordedAt, r.PanelTime),
                _ => null,
            };
            if (cmd is not null) batch.BatchCommands.Add(cmd);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }
}
