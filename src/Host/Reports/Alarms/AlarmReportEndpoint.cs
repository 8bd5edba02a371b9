using Domain.Alarms;
using Host.Infrastructure.Replica;
using NpgsqlTypes;
using Projections.Reports;
using static Host.Reports.ColumnKind;

namespace Host.Reports.Alarms;

internal static class AlarmReportEndpoint
{
    private static readonly ReportColumn[] Columns =
    [
        new("alarmId", Text), new("siteId", Text), new("siteName", Text), new("panelId", Text), new("kind", Text),
        new("priority", Text), new("partition", Int), new("zone", Int), new("raisedAt", Timestamp),
        new("acknowledgedAt", Timestamp), new("acknowledgedBy", Text), new("dispatchedAt", Timestamp),
        new("dispatchTarget", Text), new("escalated", Bool), new("repeats", Int), new("resolvedAt", Timestamp),
        new("resolvedBy", Text), new("outcome", Text),
    ];

    /// <summary>The report's order, unique per alarm: <c>after=</c> continues from a page's last row.</summary>
    private static readonly ReportKeyset Keyset = new(("h.raised_at", NpgsqlDbType.TimestampTz), ("h.alarm_id", NpgsqlDbType.Text));

    /// <summary>
    /// <c>GET /api/reports/alarms?from=&amp;to=&amp;siteId=&amp;panelId=&amp;operator=&amp;kind=&amp;outcome=</c>: the alarms
    /// raised in the period, oldest first, from the alarm history read model. <c>outcome=open</c> lists the alarms
    /// not yet resolved; <c>operator</c> matches who acknowledged or resolved.
    /// </summary>
    public static void MapAlarmReport(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/alarms", (HttpContext http, ReportDatabase db, TimeProvider time, [AsParameters] ReportParameters common,
            string? kind, string? outcome, string? @operator) =>
        {
            var request = ReportRequest.From(http, "alarms", common, time);
            var q = new ReportQuery(db.Schema);
            q.And($"h.tenant = {q.Text(request.Tenant)}");
            q.And($"h.raised_at >= {q.Time(request.Period.From)} and h.raised_at < {q.Time(request.Period.To)}");
            if (common.SiteId is { } site) q.And($"h.site_id = {q.Text(site)}");
            if (common.PanelId is { } panel) q.And($"h.panel_id = {q.Text(panel)}");
            if (ReportFilters.EnumName<AlarmKind>(kind, "kind") is { } k) q.And($"h.kind = {q.Text(k)}");
            if (outcome?.Equals("open", StringComparison.OrdinalIgnoreCase) == true) q.And("h.resolved_at is null");
            else if (ReportFilters.EnumName<AlarmOutcome>(outcome, "outcome (or open)") is { } o) q.And($"h.outcome = {q.Text(o)}");
            if (@operator is not null)
            {
                var op = q.Text(@operator);
                q.And($"(h.acknowledged_by = {op} or h.resolved_by = {op})");
            }
            Keyset.Apply(q, request);
            var sql = $"""
                select h.alarm_id, h.site_id, s.name, h.panel_id, h.kind, h.priority, h.partition, h.zone, h.raised_at,
                       h.acknowledged_at, h.acknowledged_by, h.dispatched_at, h.dispatch_target, h.escalated_at is not null,
                       h.repeats, h.resolved_at, h.resolved_by, h.outcome, {Keyset.Select}
                  from {q.View(AlarmHistoryProjection.Table)} h
                  left join {q.View(AlarmHistoryProjection.SitesTable)} s on s.site_id = h.site_id
                 where {q.Where}
                 order by h.raised_at, h.alarm_id
                """;
            return new ReportResult(db, request, q, sql, Columns, Keyset);
        });
}
