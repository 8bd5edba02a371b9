using Domain.Panels;
using EventStore;
using EventStore.Projections;
using Npgsql;
using static Projections.Reports.ReportCommands;

namespace Projections.Reports;

/// <summary>
/// Panel connectivity: the online and offline periods of each panel, from the ingest's view of it. A period runs from
/// the event that began it to the one that ended it; the open one ends at 'infinity' (a sentinel rather than null,
/// so "periods overlapping a window" is two plain index conditions). A daily roll-up keeps, per panel and UTC day, the
/// online and offline seconds of the periods that have ended (split at midnight when a period ends), so uptime over
/// whole days reads one row per panel and day; the open period, still growing, is added at query time.
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

    /// <summary>The daily roll-up: online and offline seconds of ended periods per panel and UTC day (exact, numeric).</summary>
    public const string DaysTable = "connectivity_days";

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
        new(DaysTable, """
            create table {table} (
                panel_id text not null, day date not null, tenant text not null, site_id text not null,
                online_seconds numeric not null default 0, offline_seconds numeric not null default 0,
                primary key (panel_id, day));
            """,
            """
            -- The uptime report reads a tenant's days in (day, panel) order, the report's order: a page stops early.
            create index on {table} (tenant, day, panel_id);
            create index on {table} (tenant, site_id, day, panel_id);
            """),
        new(Table, """
            create table {table} (
                panel_id text not null, started_at timestamptz not null, tenant text not null, site_id text not null,
                state text not null, ended_at timestamptz not null default 'infinity', reason text,
                primary key (panel_id, started_at));
            """,
            """
            -- "Overlaps [from, to)" is started_at < to and ended_at > from: the planner takes whichever bound is
            -- narrower, or ANDs both bitmaps (docs/reports.md). The primary key serves one panel.
            create index on {table} (tenant, started_at);
            create index on {table} (tenant, ended_at);
            """),
    ];

    public override async Task ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        var (sites, panels, periods, days) = (context.Table(SitesTable), context.Table(PanelsTable), context.Table(Table), context.Table(DaysTable));
        await using var batch = new NpgsqlBatch(context.Connection, context.Transaction);
        foreach (var e in events)
        {
            if (ReportTenancy.Apply(e.Data, sites, panels) is { } tenancy) batch.BatchCommands.Add(tenancy);
            var commands = e.Data switch
            {
                PanelConnected c => Transition(periods, days, panels, c.PanelId, "online", c.ConnectedAt, null),
                PanelCommunicationRestored r => Transition(periods, days, panels, r.PanelId, "online", r.RestoredAt, null),
                PanelCommunicationLost l => Transition(periods, days, panels, l.PanelId, "offline", l.LostAt, l.Reason),
                PanelDecommissioned d => [Close(periods, days, d.PanelId, d.DecommissionedAt, state: null)],
                _ => [],
            };
            foreach (var cmd in commands) batch.BatchCommands.Add(cmd);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The panel is now <paramref name="state"/>: end the open period of the other state, start one of this.</summary>
    private static NpgsqlBatchCommand[] Transition(string periods, string days, string panels, string panelId, string state, DateTimeOffset at, string? reason) =>
    [
        Close(periods, days, panelId, at, state),
        Command($"""
            insert into {periods} (panel_id, started_at, tenant, site_id, state, reason)
            select p.panel_id, $2, p.tenant, p.site_id, $3, $4::text from {panels} p
             where p.panel_id = $1 and not p.decommissioned
               and not exists (select 1 from {periods} o where o.panel_id = $1 and o.ended_at = 'infinity')
            on conflict (panel_id, started_at) do nothing
            """, panelId, at, state, reason),
    ];

    /// <summary>
    /// Ends the open period (unless it already has <paramref name="state"/>); never before it started. The ended
    /// period's seconds go into the daily roll-up, split at each UTC midnight. A period ends once (only the open one is
    /// updated), so its seconds are added once, and a rebuild adds them in the same order.
    /// </summary>
    private static NpgsqlBatchCommand Close(string periods, string days, string panelId, DateTimeOffset at, string? state) => Command($"""
        with ended as (
            update {periods} set ended_at = greatest($2, started_at)
             where panel_id = $1 and ended_at = 'infinity' and ($3::text is null or state <> $3::text)
            returning panel_id, tenant, site_id, state, started_at, ended_at)
        insert into {days} as r (panel_id, day, tenant, site_id, online_seconds, offline_seconds)
        select e.panel_id, d.day::date, e.tenant, e.site_id,
               case when e.state = 'online' then x.seconds else 0 end, case when e.state = 'offline' then x.seconds else 0 end
          from ended e
         cross join lateral generate_series(date_trunc('day', e.started_at at time zone 'UTC'), e.ended_at at time zone 'UTC', interval '1 day') d(day)
         cross join lateral (select extract(epoch from least(e.ended_at, (d.day + interval '1 day') at time zone 'UTC')
                                                     - greatest(e.started_at, d.day at time zone 'UTC')) as seconds) x
         where x.seconds > 0
        on conflict (panel_id, day) do update
            set online_seconds = r.online_seconds + excluded.online_seconds, offline_seconds = r.offline_seconds + excluded.offline_seconds
        """, panelId, at, state);
}
