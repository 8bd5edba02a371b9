using Host.Infrastructure.Replica;
using NpgsqlTypes;
using Projections.Reports;
using static Host.Reports.ColumnKind;

namespace Host.Reports.ResponseTimes;

internal static class ResponseTimeReportEndpoint
{
    private static readonly ReportColumn[] Columns =
    [
        new("operator", Text), new("day", Date), new("shift", Text), new("alarms", Long),
        new("acknowledgeP50Seconds", Real), new("acknowledgeP95Seconds", Real), new("resolved", Long),
        new("resolveP50Seconds", Real), new("resolveP95Seconds", Real),
    ];

    /// <summary>
    /// <c>GET /api/reports/response-times?from=&amp;to=&amp;siteId=&amp;operator=&amp;groupBy=operator,day,shift</c>: p50
    /// and p95 of the seconds to acknowledge and to resolve (from raised), per group, over the alarms acknowledged in
    /// the period. An alarm counts for the operator who acknowledged it, in the shift and day of the acknowledgement
    /// (<see cref="ShiftSchedule"/>). Dimensions left out of <c>groupBy</c> are null in the rows. Not paged.
    /// </summary>
    public static void MapResponseTimeReport(this IEndpointRouteBuilder reports, ShiftSchedule shifts) =>
        reports.MapGet("/response-times", (HttpContext http, ReportDatabase db, TimeProvider time, [AsParameters] ReportParameters common,
            string? @operator, string? groupBy) =>
        {
            ReportFilters.NotApplicable(common.PanelId, "panelId", "response-times");
            var request = ReportRequest.From(http, "response-times", common, time, paged: false);
            var dims = (groupBy ?? "operator,day,shift").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(d => ReportFilters.OneOf(d, "groupBy", "operator", "day", "shift")!).ToHashSet();
            var q = new ReportQuery(db.Schema);
            q.And($"r.tenant = {q.Text(request.Tenant)}");
            q.And($"r.acknowledged_at >= {q.Time(request.Period.From)} and r.acknowledged_at < {q.Time(request.Period.To)}");
            if (common.SiteId is { } site) q.And($"r.site_id = {q.Text(site)}");
            if (@operator is not null) q.And($"r.acknowledged_by = {q.Text(@operator)}");
            var starts = q.Param(shifts.StartMinutes, NpgsqlDbType.Array | NpgsqlDbType.Integer);
            var names = q.Param(shifts.Names, NpgsqlDbType.Array | NpgsqlDbType.Text);
            var (byOperator, byDay, byShift) = (Flag(q, dims, "operator"), Flag(q, dims, "day"), Flag(q, dims, "shift"));
            // The shift is the last start at or before the moment's minute of the day (UTC), which width_bucket finds
            // without a subquery per row; before the first start (bucket 0) it is the last shift, begun the day
            // before, hence the day is taken after moving back by the first start.
            // One ordered-set aggregate per measure gives both percentiles from one sort of the group (two calls
            // sorted it twice); the numbers are the same.
            var sql = $"""
                select t.operator, t.day, ({names})[t.shift], t.alarms,
                       round(t.ack[1]::numeric, 1)::float8, round(t.ack[2]::numeric, 1)::float8, t.resolved,
                       round(t.res[1]::numeric, 1)::float8, round(t.res[2]::numeric, 1)::float8
                  from (select g.operator, g.day, g.shift, count(*) as alarms,
                               percentile_cont(array[0.5, 0.95]) within group (order by g.ack) as ack,
                               count(g.res) as resolved,
                               percentile_cont(array[0.5, 0.95]) within group (order by g.res) as res
                          from (select case when {byOperator} then r.acknowledged_by end as operator,
                                       case when {byDay} then ((r.acknowledged_at at time zone 'UTC') - make_interval(mins => ({starts})[1]))::date end as day,
                                       case when {byShift} then coalesce(nullif(width_bucket(
                                           (extract(hour from r.acknowledged_at at time zone 'UTC') * 60 + extract(minute from r.acknowledged_at at time zone 'UTC'))::int,
                                           {starts}), 0), cardinality({starts})) end as shift,
                                       r.acknowledge_seconds as ack, r.resolve_seconds as res
                                  from {q.View(OperatorResponseTimesProjection.Table)} r
                                 where {q.Where}) g
                         group by g.operator, g.day, g.shift) t
                 order by t.day nulls first, t.shift nulls first, t.operator nulls first
                """;
            return new ReportResult(db, request, q, sql, Columns);
        });

    private static string Flag(ReportQuery q, HashSet<string> dims, string dim) => q.Param(dims.Contains(dim), NpgsqlDbType.Boolean);
}
