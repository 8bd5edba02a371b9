using Host.Infrastructure.Replica;
using NpgsqlTypes;
using Projections.Reports;
using static Host.Reports.ColumnKind;

namespace Host.Reports.Connectivity;

internal static class ConnectivityPeriodsReportEndpoint
{
    private static readonly ReportColumn[] Columns =
    [
        new("panelId", Text), new("siteId", Text), new("siteName", Text), new("state", Text), new("startedAt", Timestamp),
        new("endedAt", Timestamp), new("seconds", Real), new("reason", Text),
    ];

    /// <summary>The report's order, unique per period: <c>after=</c> continues from a page's last row.</summary>
    private static readonly ReportKeyset Keyset = new(("p.started_at", NpgsqlDbType.TimestampTz), ("p.panel_id", NpgsqlDbType.Text));

    /// <summary>
    /// <c>GET /api/reports/connectivity/periods?from=&amp;to=&amp;siteId=&amp;panelId=&amp;state=online|offline</c>: the
    /// online and offline periods overlapping the period, oldest first. <c>endedAt</c> is null for the current one,
    /// whose <c>seconds</c> run to now; <c>reason</c> is the ingest's reason for a loss.
    /// </summary>
    public static void MapConnectivityPeriodsReport(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/connectivity/periods", (HttpContext http, ReportDatabase db, TimeProvider time, [AsParameters] ReportParameters common, string? state) =>
        {
            var request = ReportRequest.From(http, "connectivity-periods", common, time);
            var q = new ReportQuery(db.Schema);
            q.And($"p.tenant = {q.Text(request.Tenant)}");
            q.And($"p.started_at < {q.Time(request.Period.To)} and p.ended_at > {q.Time(request.Period.From)}");
            if (common.SiteId is { } site) q.And($"p.site_id = {q.Text(site)}");
            if (common.PanelId is { } panel) q.And($"p.panel_id = {q.Text(panel)}");
            if (ReportFilters.OneOf(state, "state", "online", "offline") is { } st) q.And($"p.state = {q.Text(st)}");
            var now = q.Time(time.GetUtcNow());
            Keyset.Apply(q, request);
            var sql = $"""
                select p.panel_id, p.site_id, s.name, p.state, p.started_at, nullif(p.ended_at, 'infinity'),
                       greatest(0, extract(epoch from least(p.ended_at, {now}) - p.started_at))::float8, p.reason, {Keyset.Select}
                  from {q.View(PanelConnectivityProjection.Table)} p
                  left join {q.View(PanelConnectivityProjection.SitesTable)} s on s.site_id = p.site_id
                 where {q.Where}
                 order by p.started_at, p.panel_id
                """;
            return new ReportResult(db, request, q, sql, Columns, Keyset);
        });
}
