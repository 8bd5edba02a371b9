using Domain.Panels;
using Domain.Sites;
using EventStore.Projections;
using Npgsql;
using static Projections.Reports.ReportCommands;

namespace Projections.Reports;

/// <summary>
/// The sites and panels tables each report read model keeps for itself: panel and alarm events carry no tenant, so
/// the tenant (and the site's current name, shown in reports) comes from site_registered and site_details_changed,
/// and a panel's site from panel_registered. Each projection owns its own copy, so it can be rebuilt alone. A site is
/// always registered before its panels and alarms (registering them checks the site), so the daemon, which applies
/// events in commit order, has the tenant by the time it is needed.
/// </summary>
internal static class ReportTenancy
{
    /// <summary>The event types that feed these tables (add panel_registered and panel_decommissioned when panels are kept).</summary>
    public static readonly string[] SiteEventTypes = ["site_registered", "site_details_changed"];

    public static ProjectionTable Sites(string name) =>
        new(name, "create table {table} (site_id text primary key, tenant text not null, name text not null)");

    public static ProjectionTable Panels(string name) => new(name, """
        create table {table} (
            panel_id text primary key, site_id text not null, tenant text not null,
            decommissioned boolean not null default false)
        """);

    /// <summary>The command for a site or panel event, or null for any other event. Upserts and updates keyed by id.</summary>
    public static NpgsqlBatchCommand? Apply(object? data, string sites, string? panels) => data switch
    {
        SiteRegistered s => Command($"""
            insert into {sites} (site_id, tenant, name) values ($1, $2, $3)
            on conflict (site_id) do update set tenant = excluded.tenant, name = excluded.name
            """, s.SiteId, s.TenantId, s.Name),
        SiteDetailsChanged c => Command($"update {sites} set name = $2 where site_id = $1", c.SiteId, c.Name),
        PanelRegistered p when panels is not null => Command($"""
            insert into {panels} (panel_id, site_id, tenant)
            select $1, $2, coalesce((select tenant from {sites} where site_id = $2), '')
            on conflict (panel_id) do nothing
            """, p.PanelId, p.SiteId),
        PanelDecommissioned d when panels is not null =>
            Command($"update {panels} set decommissioned = true where panel_id = $1", d.PanelId),
        _ => null,
    };
}
