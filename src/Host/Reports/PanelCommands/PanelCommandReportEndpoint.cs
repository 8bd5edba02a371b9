using Domain.Panels;
using Host.Infrastructure.Replica;
using NpgsqlTypes;
using Projections.Reports;
using static Host.Reports.ColumnKind;

namespace Host.Reports.PanelCommands;

internal static class PanelCommandReportEndpoint
{
    private static readonly ReportColumn[] Columns =
    [
        new("requestId", Text), new("panelId", Text), new("siteId", Text), new("siteName", Text), new("operator", Text),
        new("action", Text), new("mode", Text), new("partitions", IntArray), new("requestedAt", Timestamp),
        new("result", Text), new("resultAt", Timestamp), new("reason", Text), new("secondsToResult", Real),
    ];

    /// <summary>The report's order, unique per request: <c>after=</c> continues from a page's last row.</summary>
    private static readonly ReportKeyset Keyset = new(("c.requested_at", NpgsqlDbType.TimestampTz), ("c.panel_id", NpgsqlDbType.Text), ("c.request_id", NpgsqlDbType.Text));

    /// <summary>
    /// <c>GET /api/reports/panel-commands?from=&amp;to=&amp;siteId=&amp;panelId=&amp;operator=&amp;kind=&amp;outcome=</c>: the
    /// control requests sent to panels in the period and how each ended, oldest first. <c>kind</c> is the action (Arm,
    /// ForceArm, Disarm, ClearAlarm); <c>outcome</c> is accepted, refused, timed_out or pending (no answer yet).
    /// </summary>
    public static void MapPanelCommandReport(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/panel-commands", (HttpContext http, ReportDatabase db, TimeProvider time, [AsParameters] ReportParameters common,
            string? @operator, string? kind, string? outcome) =>
        {
            var request = ReportRequest.From(http, "panel-commands", common, time);
            var q = new ReportQuery(db.Schema);
            q.And($"c.tenant = {q.Text(request.Tenant)}");
            q.And($"c.requested_at >= {q.Time(request.Period.From)} and c.requested_at < {q.Time(request.Period.To)}");
            if (common.SiteId is { } site) q.And($"c.site_id = {q.Text(site)}");
            if (common.PanelId is { } panel) q.And($"c.panel_id = {q.Text(panel)}");
            if (@operator is not null) q.And($"c.operator_id = {q.Text(@operator)}");
            if (ReportFilters.EnumName<PanelControlAction>(kind, "kind") is { } action) q.And($"c.action = {q.Text(action)}");
            switch (ReportFilters.OneOf(outcome, "outcome", "accepted", "refused", "timed_out", "pending"))
            {
                case "pending": q.And("c.result is null"); break;
                case { } result: q.And($"c.result = {q.Text(result)}"); break;
            }
            Keyset.Apply(q, request);
            var sql = $"""
                select c.request_id, c.panel_id, c.site_id, s.name, c.operator_id, c.action, c.mode, c.partitions,
                       c.requested_at, c.result, c.result_at, c.reason, c.seconds_to_result, {Keyset.Select}
                  from {q.View(PanelCommandsProjection.Table)} c
                  left join {q.View(PanelCommandsProjection.SitesTable)} s on s.site_id = c.site_id
                 where {q.Where}
                 order by c.requested_at, c.panel_id, c.request_id
                """;
            return new ReportResult(db, request, q, sql, Columns, Keyset);
        });
}
