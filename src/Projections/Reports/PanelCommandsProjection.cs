using Domain.Panels;
using EventStore;
using EventStore.Projections;
using static Projections.Reports.ReportCommands;

namespace Projections.Reports;

/// <summary>
/// Panel command results: one row per control request an operator sent to a panel (arm, force arm, disarm, clear
/// alarm), with its partitions and mode, and how it ended: accepted, refused (with the panel's reason) or timed out,
/// and how long the answer took. A row without a result is still pending.
/// <para>Source events: site_registered and site_details_changed (tenant and name of each site), panel_registered
/// (the panel's site), panel_control_requested, panel_control_accepted, panel_control_refused,
/// panel_control_timed_out.</para>
/// <para>Idempotent: the daemon applies each event once per generation (its checkpoint commits with these writes);
/// rows are keyed by panel and request id, inserted once, and the first result is kept, so a rebuild from zero gives
/// the same rows.</para>
/// </summary>
public sealed class PanelCommandsProjection : Projection
{
    /// <summary>The view reports query: one row per control request.</summary>
    public const string Table = "panel_commands";

    /// <summary>The view of sites (site_id, tenant, name) this read model keeps.</summary>
    public const string SitesTable = "command_sites";

    /// <summary>The view of panels (panel_id, site_id, tenant, decommissioned) this read model keeps.</summary>
    public const string PanelsTable = "command_panels";

    public override string Name => "panel_commands";

    public override IReadOnlyCollection<string> EventTypes { get; } =
    [
        .. ReportTenancy.SiteEventTypes, "panel_registered", "panel_control_requested", "panel_control_accepted",
        "panel_control_refused", "panel_control_timed_out",
    ];

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        ReportTenancy.Sites(SitesTable),
        ReportTenancy.Panels(PanelsTable),
        new(Table, """
            create table {table} (
                panel_id text not null, request_id text not null, tenant text not null, site_id text not null,
                operator_id text not null, action text not null, mode text, partitions int[] not null,
                requested_at timestamptz not null, result text, result_at timestamptz, reason text,
                seconds_to_result double precision, primary key (panel_id, request_id));
            """,
            """
            -- A report page is a range of one tenant's requested_at in index order, optionally for a site or a panel.
            create index on {table} (tenant, requested_at, panel_id, request_id);
            create index on {table} (tenant, site_id, requested_at);
            create index on {table} (tenant, panel_id, requested_at);
            """),
    ];

    public override async Task ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        var (sites, panels, commands) = (context.Table(SitesTable), context.Table(PanelsTable), context.Table(Table));
        await using var batch = new Npgsql.NpgsqlBatch(context.Connection, context.Transaction);
        foreach (var e in events)
        {
            var cmd = ReportTenancy.Apply(e.Data, sites, panels) ?? e.Data switch
            {
                PanelControlRequested r => Command($"""
                    insert into {commands} (panel_id, request_id, tenant, site_id, operator_id, action, mode, partitions, requested_at)
                    select p.panel_id, $2, p.tenant, p.site_id, $3, $4, $5::text, $6, $7 from {panels} p where p.panel_id = $1
                    on conflict (panel_id, request_id) do nothing
                    """, r.PanelId, r.RequestId, r.OperatorId, r.Action, r.Mode?.ToString(), r.Partitions.ToArray(), r.RequestedAt),
                PanelControlAccepted a => Result(commands, a.PanelId, a.RequestId, "accepted", a.AcceptedAt, null),
                PanelControlRefused f => Result(commands, f.PanelId, f.RequestId, "refused", f.RefusedAt, f.Reason),
                PanelControlTimedOut t => Result(commands, t.PanelId, t.RequestId, "timed_out", t.TimedOutAt, null),
                _ => null,
            };
            if (cmd is not null) batch.BatchCommands.Add(cmd);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }

    private static Npgsql.NpgsqlBatchCommand Result(string commands, string panelId, string requestId, string result, DateTimeOffset at, string? reason) =>
        Command($"""
            update {commands} set result = $3, result_at = $4, reason = $5::text,
                seconds_to_result = greatest(0, extract(epoch from $4 - requested_at))::double precision
             where panel_id = $1 and request_id = $2 and result is null
            """, panelId, requestId, result, at, reason);
}
