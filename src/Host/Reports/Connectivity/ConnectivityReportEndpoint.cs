using Host.Infrastructure.Replica;
using NpgsqlTypes;
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
    /// The report's order, (day, panel), selected after the visible columns by both queries; <c>after=</c> starts the
    /// days at the cursor's (a deep page costs what page 1 costs). The queries apply the cursor themselves.
    /// </summary>
    internal static readonly ReportKeyset Keyset = new(("d.day::date", NpgsqlDbType.Date), ("panel_id", NpgsqlDbType.Text));

    /// <summary>
    /// <c>GET /api/reports/connectivity?from=&amp;to=&amp;siteId=&amp;panelId=</c>: uptime per panel per UTC day, from the
    /// connectivity periods clipped to the day, to the period and to now. Uptime is online time over the time the
    /// panel's state was known (from its first connection on), so a day before a panel was first reached is absent
    /// rather than 0 %. Ordered by day, then panel. A period of whole UTC days reads the daily roll-up
    /// (<see cref="ConnectivityDays"/>); any other period splits the periods into days at query time. Both sum the
    /// seconds exactly (numeric), so they give the same numbers.
    /// </summary>
    public static void MapConnectivityReport(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/connectivity", (HttpContext http, ReportDatabase db, TimeProvider time, [AsParameters] ReportParameters common) =>
        {
            var request = ReportRequest.From(http, "connectivity", common, time);
            var q = new ReportQuery(db.Schema);
            var (from, to, now) = (q.Time(request.Period.From), q.Time(request.Period.To), q.Time(time.GetUtcNow()));
            var tenant = q.Text(request.Tenant);
            var filters = (common.SiteId is { } site ? $" and p.site_id = {q.Text(site)}" : "")
                        + (common.PanelId is { } panel ? $" and p.panel_id = {q.Text(panel)}" : "");
            var after = Keyset.After(request) is { } key ? ((DateOnly)key[0], (string)key[1]) : ((DateOnly, string)?)null;
            var sql = ConnectivityDays.WholeDays(request.Period)
                ? ConnectivityDays.Sql(q, tenant, filters, from, to, now, request.Period, after)
                : SplitAtQueryTime(q, tenant, filters, from, to, now, after);
            return new ReportResult(db, request, q, sql, Columns, Keyset);
        });

    /// <summary>
    /// Each period overlapping the report period is clipped to it (and to now), then split into the UTC days it
    /// touches: work in proportion to period-days, not days x periods. The days run over timestamps without time zone,
    /// so the session's TimeZone (and its daylight saving) cannot shift a day's bounds.
    /// </summary>
    private static string SplitAtQueryTime(ReportQuery q, string tenant, string filters, string from, string to, string now, (DateOnly Day, string Panel)? after) => $"""
        with clipped as (
            select p.panel_id, p.site_id, p.state, greatest(p.started_at, {from}) as s, least(p.ended_at, {to}, {now}) as e
              from {q.View(PanelConnectivityProjection.Table)} p
             where p.tenant = {tenant} and p.started_at < {to} and p.ended_at > {from}{filters})
        select c.panel_id, c.site_id, min(st.name), d.day::date,
               coalesce(sum(o.seconds) filter (where c.state = 'online'), 0)::float8,
               coalesce(sum(o.seconds) filter (where c.state = 'offline'), 0)::float8,
               round(100 * coalesce(sum(o.seconds) filter (where c.state = 'online'), 0) / nullif(sum(o.seconds), 0), 2)::float8,
               d.day::date, c.panel_id
          from clipped c
         cross join lateral generate_series(date_trunc('day', c.s at time zone 'UTC'), c.e at time zone 'UTC', interval '1 day') d(day)
         cross join lateral (select extract(epoch from least(c.e, (d.day + interval '1 day') at time zone 'UTC')
                                                     - greatest(c.s, d.day at time zone 'UTC')) as seconds) o
          left join {q.View(PanelConnectivityProjection.SitesTable)} st on st.site_id = c.site_id
         where c.s < c.e and o.seconds > 0
         group by d.day, c.panel_id, c.site_id{(after is { } a ? $"\n         having (d.day::date, c.panel_id) > ({q.Param(a.Day, NpgsqlDbType.Date)}, {q.Text(a.Panel)})" : "")}
         order by d.day, c.panel_id
        """;
}
