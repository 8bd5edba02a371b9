using Host.Infrastructure.Replica;
using NpgsqlTypes;
using Projections.Reports;
using static Host.Reports.ColumnKind;

namespace Host.Reports.Troubles;

internal static class TroubleReportEndpoint
{
    private static readonly ReportColumn[] Columns =
    [
        new("panelId", Text), new("siteId", Text), new("siteName", Text), new("eventCode", Int), new("source", Int),
        new("description", Text), new("startedAt", Timestamp), new("startedPanelTime", PanelTime),
        new("restoredAt", Timestamp), new("restoredPanelTime", PanelTime), new("open", Bool), new("seconds", Real),
    ];

    /// <summary>The report's order, unique per trouble: <c>after=</c> continues from a page's last row.</summary>
    private static readonly ReportKeyset Keyset = new(("t.started_at", NpgsqlDbType.TimestampTz), ("t.trouble_id", NpgsqlDbType.Uuid));

    /// <summary>
    /// <c>GET /api/reports/troubles?from=&amp;to=&amp;siteId=&amp;panelId=&amp;status=open|restored&amp;eventCode=</c>: the
    /// panel troubles that lasted into the period (started before its end, not restored before its start), oldest
    /// first. So the default (last 24 h) shows every trouble open now plus those restored since yesterday;
    /// <c>status=open</c> narrows it to the open ones. <c>seconds</c> of an open trouble run to now.
    /// </summary>
    public static void MapTroubleReport(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/troubles", (HttpContext http, ReportDatabase db, TimeProvider time, [AsParameters] ReportParameters common,
            string? status, int? eventCode) =>
        {
            var request = ReportRequest.From(http, "troubles", common, time);
            var q = new ReportQuery(db.Schema);
            q.And($"t.tenant = {q.Text(request.Tenant)}");
            q.And($"t.started_at < {q.Time(request.Period.To)} and t.restored_at > {q.Time(request.Period.From)}");
            if (common.SiteId is { } site) q.And($"t.site_id = {q.Text(site)}");
            if (common.PanelId is { } panel) q.And($"t.panel_id = {q.Text(panel)}");
            if (eventCode is not null) q.And($"t.event_code = {q.Param(eventCode, NpgsqlDbType.Integer)}");
            switch (ReportFilters.OneOf(status, "status", "open", "restored"))
            {
                case "open": q.And("t.restored_at = 'infinity'"); break;
                case "restored": q.And("t.restored_at < 'infinity'"); break;
            }
            var now = q.Time(time.GetUtcNow());
            Keyset.Apply(q, request);
            var sql = $"""
                select t.panel_id, t.site_id, s.name, t.event_code, t.source, t.description, t.started_at, t.started_panel_time,
                       nullif(t.restored_at, 'infinity'), t.restored_panel_time, t.restored_at = 'infinity',
                       greatest(0, extract(epoch from least(t.restored_at, {now}) - t.started_at))::float8, {Keyset.Select}
                  from {q.View(PanelTroublesProjection.Table)} t
                  left join {q.View(PanelTroublesProjection.SitesTable)} s on s.site_id = t.site_id
                 where {q.Where}
                 order by t.started_at, t.trouble_id
                """;
            return new ReportResult(db, request, q, sql, Columns, Keyset);
        });
}
