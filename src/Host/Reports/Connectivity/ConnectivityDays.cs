using NpgsqlTypes;
using Projections.Reports;

namespace Host.Reports.Connectivity;

/// <summary>
/// Uptime over whole UTC days from the daily roll-up (<c>connectivity_days</c>: the ended periods' seconds per panel
/// and day) plus each panel's open period, clipped to the day and to now. The days are walked in order by a
/// <c>generate_series … with ordinality</c>, which the planner knows is sorted by its ordinality, and each day's rows
/// come from a lateral subquery (one index range of the roll-up, one pass over the open periods): the report's order
/// (day, panel) is then an incremental sort per day, and a page stops after the days it needs instead of computing
/// the whole period first (a year is 365 days x 1,000 panels).
/// </summary>
internal static class ConnectivityDays
{
    /// <summary>True when the period starts and ends at UTC midnight: the roll-up's days cover it exactly.</summary>
    public static bool WholeDays(ReportPeriod period) =>
        period.From.UtcDateTime.TimeOfDay == TimeSpan.Zero && period.To.UtcDateTime.TimeOfDay == TimeSpan.Zero;

    /// <param name="after">A keyset cursor (day, panel): the days start at its day, and on that day after its panel.</param>
    public static string Sql(ReportQuery q, string tenant, string filters, string from, string to, string now, ReportPeriod period,
        (DateOnly Day, string Panel)? after = null)
    {
        var start = DateOnly.FromDateTime(period.From.UtcDateTime);
        if (after is { } a && a.Day > start) start = a.Day;
        var (firstDay, endDay) = (q.Param(start, NpgsqlDbType.Date), q.Param(DateOnly.FromDateTime(period.To.UtcDateTime), NpgsqlDbType.Date));
        var afterPanel = after is { } c ? $"\n                having d.day::date > {q.Param(c.Day, NpgsqlDbType.Date)} or x.panel_id > {q.Text(c.Panel)}" : "";
        // The filters name the periods and the roll-up both as "p". A panel's site never changes, so min(site_id) is it.
        return $"""
            with open as materialized (
                select p.panel_id, p.site_id, p.state, greatest(p.started_at, {from}) as s, least({to}, {now}) as e
                  from {q.View(PanelConnectivityProjection.Table)} p
                 where p.tenant = {tenant} and p.ended_at = 'infinity' and p.started_at < least({to}, {now}){filters})
            select g.panel_id, g.site_id, st.name, d.day::date, g.online::float8, g.offline::float8,
                   round(100 * g.online / nullif(g.online + g.offline, 0), 2)::float8, d.day::date, g.panel_id
              from generate_series({firstDay}::timestamp, {endDay}::timestamp - interval '1 day', interval '1 day') with ordinality as d(day, n)
             cross join lateral (
                select x.panel_id, min(x.site_id) as site_id, sum(x.online) as online, sum(x.offline) as offline
                  from (select p.panel_id, p.site_id, p.online_seconds as online, p.offline_seconds as offline
                          from {q.View(PanelConnectivityProjection.DaysTable)} p
                         where p.tenant = {tenant} and p.day = d.day::date{filters}
                        union all
                        select p.panel_id, p.site_id, case when p.state = 'online' then c.seconds else 0 end,
                               case when p.state = 'offline' then c.seconds else 0 end
                          from open p
                         cross join lateral (select extract(epoch from least(p.e, (d.day + interval '1 day') at time zone 'UTC')
                                                                     - greatest(p.s, d.day at time zone 'UTC')) as seconds) c
                         where c.seconds > 0) x
                 group by x.panel_id{afterPanel}) g
              left join {q.View(PanelConnectivityProjection.SitesTable)} st on st.site_id = g.site_id
             order by d.n, g.panel_id
            """;
    }
}
