using Host.Infrastructure.Replica;
using Projections.Reports;
using static Host.Reports.ColumnKind;

namespace Host.Reports.Connectivity;

internal static class ConnectivityReportEndpoint
{
    private static readonly ReportColumn[] Columns =
    [
        new("panelId", Text), new("siteId", Text), new("siteName", Text), new("day", Date), new("onlineSeconds", Real),
        new("offlineSeconds", Real), new("uptimePercent", Real),
    ];

    /// <summary>
    /// <c>GET /api/reports/connectivity?from=&amp;to=&amp;siteId=&amp;panelId=</c>: uptime per panel per UTC day, from the
    /// connectivity periods clipped to the day, to the period and to now. Uptime is online time over the time the
    /// panel's state was known (from its first connection on), so a day before a panel was first reached is absent
    /// rather than 0 %. Ordered by day, then panel.
    /// </summary>
    public static void MapConnectivityReport(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/connectivity", (HttpContext http, ReportDatabase db, TimeProvider time, [AsParameters] ReportParameters common) =>
        {
            var request = ReportRequest.From(http, "connectivity", common, time);
            var q = new ReportQuery(db.Schema);
            var (from, to, now) = (q.Time(request.Period.From), q.Time(request.Period.To), q.Time(time.GetUtcNow()));
            q.And($"p.tenant = {q.Text(request.Tenant)}");
            q.And($"p.started_at < {to} and p.ended_at > {from}");
            if (common.SiteId is { } site) q.And($"p.site_id = {q.Text(site)}");
            if (common.PanelId is { } panel) q.And($"p.panel_id = {q.Text(panel)}");
            // Each period overlapping the report period is clipped to it (and to now), then split into the UTC days it
            // touches: work in proportion to period-days, not days x periods. The days run over timestamps without
            // time zone, so the session's TimeZone (and its daylight saving) cannot shift a day's bounds.
            var sql = $"""
                with clipped as (
                    select p.panel_id, p.site_id, p.state, greatest(p.started_at, {from}) as s, least(p.ended_at, {to}, {now}) as e
                      from {q.View(PanelConnectivityProjection.Table)} p
                     where {q.Where})
                select c.panel_id, c.site_id, min(st.name), d.day::date,
                       coalesce(sum(o.seconds) filter (where c.state = 'online'), 0),
                       coalesce(sum(o.seconds) filter (where c.state = 'offline'), 0),
                       round((100 * coalesce(sum(o.seconds) filter (where c.state = 'online'), 0) / nullif(sum(o.seconds), 0))::numeric, 2)::float8
                  from clipped c
                 cross join lateral generate_series(date_trunc('day', c.s at time zone 'UTC'), c.e at time zone 'UTC', interval '1 day') d(day)
                 cross join lateral (select extract(epoch from least(c.e, (d.day + interval '1 day') at time zone 'UTC')
                                                             - greatest(c.s, d.day at time zone 'UTC'))::float8 as seconds) o
                  left join {q.View(PanelConnectivityProjection.SitesTable)} st on st.site_id = c.site_id
                 where c.s < c.e and o.seconds > 0
                 group by d.day, c.panel_id, c.site_id
                 order by d.day, c.panel_id
                """;
            return new ReportResult(db, request, q, sql, Columns);
        });
}
