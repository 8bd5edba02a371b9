using Domain.Panels;
using EventStore;
using EventStore.Projections;
using Npgsql;
using static Projections.Reports.ReportCommands;

namespace Projections.Reports;

/// <summary>
/// Panel connectivity: the online and offline periods of each panel, from the ingest's view of it. A period runs from
/// the event that began it to the one that ended it; the open one ends at 'infinity' (a sentinel rather than null,
/// so "periods overlapping a window" is two plain index conditions). The connectivity report derives uptime per
/// panel per day from these periods, clipped to each day, at query time.
/// <para>Source events: site_registered and site_details_changed (tenant and name of each site), panel_registered
/// (the panel's site), panel_connected and panel_communication_restored (online), panel_communication_lost
/// (offline, with the reason), panel_decommissioned (the open period ends; no new one starts).</para>
/// <para>Idempotent: the daemon applies each event once per generation (its checkpoint commits with these writes),
/// and every write is keyed by the panel and the period's start: a transition closes the open period only if its
/// state differs and opens one only if none is open, so a repeated fact changes nothing and a rebuild from zero
/// gives the same rows.</para>
/// </summary>
public sealed class PanelConnectivityProjection : Projection
{
    /// <summary>The view reports query: one row per online or offline period.</summary>
    public const string Table = "connectivity_periods";

    /// <summary>The view of sites (site_id, tenant, name) this read model keeps.</summary>
    public const string SitesTable = "connectivity_sites";

    /// <summary>The view of panels (panel_id, site_id, tenant, decommissioned) this read model keeps.</summary>
    public const string PanelsTable = "connectivity_panels";

    public override string Name => "panel_connectivity";

    public override IReadOnlyCollection<string> EventTypes { get; } =
    [
        .. ReportTenancy.SiteEventTypes, "panel_registered", "panel_decommissioned", "panel_connected",
        "panel_communication_lost", "panel_communication_restored",
    ];

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        ReportTenancy.Sites(SitesTable),
        ReportTenancy.Panels(PanelsTable),
        new(Table, """
            create table {table} (
                panel_id text not null, started_at timestamptz not null, tenant text not null, site_id text not null,
                state text not null, ended_at timestamptz not null default 'infinity', reason text,
                primary key (panel_id, started_at));
            -- "Overlaps [from, to)" is started_at < to and ended_at > from: the planner takes whichever bound is
            -- narrower, or ANDs both bitmaps (docs/reports.md). The primary key serves one panel.
            create index on {table} (tenant, started_at);
            create index on {table} (tenant, ended_at);
            """),
    ];

    public override async Task ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        var (sites, panels, periods) = (context.Table(SitesTable), context.Table(PanelsTable), context.Table(Table));
        await using var batch = new NpgsqlBatch(context.Connection, context.Transaction);
        foreach (var e in events)
        {
            if (ReportTenancy.Apply(e.Data, sites, panels) is { } tenancy) batch.BatchCommands.Add(tenancy);
            var commands = e.Data switch
            {
                PanelConnected c => Transition(periods, panels, c.PanelId, "online", c.ConnectedAt, null),
                PanelCommunicationRestored r => Transition(periods, panels, r.PanelId, "online", r.RestoredAt, null),
                PanelCommunicationLost l => Transition(periods, panels, l.PanelId, "offline", l.LostAt, l.Reason),
                PanelDecommissioned d => [Close(periods, d.PanelId, d.DecommissionedAt, state: null)],
                _ => [],
            };
            foreach (var cmd in commands) batch.BatchCommands.Add(cmd);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The panel is now <paramref name="state"/>: end the open period of the other state, start one of this.</summary>
    private static NpgsqlBatchCommand[] Transition(string periods, string panels, string panelId, string state, DateTimeOffset at, string? reason) =>
    [
        Close(periods, panelId, at, state),
        Command($"""
            insert into {periods} (panel_id, started_at, tenant, site_id, state, reason)
            select p.panel_id, $2, p.tenant, p.site_id, $3, $4::text from {panels} p
             where p.panel_id = $1 and not p.decommissioned
               and not exists (select 1 from {periods} o where o.panel_id = $1 and o.ended_at = 'infinity')
            on conflict (panel_id, started_at) do nothing
            """, panelId, at, state, reason),
    ];

    /// <summary>Ends the open period (unless it already has <paramref name="state"/>); never before it started.</summary>
    private static NpgsqlBatchCommand Close(string periods, string panelId, DateTimeOffset at, string? state) => Command($"""
        update {periods} set ended_at = greatest($2, started_at)
         where panel_id = $1 and ended_at = 'infinity' and ($3::text is null or state <> $3::text)
        """, panelId, at, state);
}
