using System.Globalization;
using Host.Infrastructure.Replica;
using NpgsqlTypes;
using Projections.Reports;
using static Host.Reports.ColumnKind;

namespace Host.Reports.Arming;

internal static class ArmingReportEndpoint
{
    private static readonly ReportColumn[] Columns =
    [
        new("panelId", Text), new("siteId", Text), new("siteName", Text), new("action", Text), new("partition", Int),
        new("user", Int), new("panelTime", PanelTime), new("recordedAt", Timestamp), new("eventCode", Int),
        new("description", Text), new("onTime", Bool),
    ];

    /// <summary>The report's order, unique per arm or disarm: <c>after=</c> continues from a page's last row.</summary>
    private static readonly ReportKeyset Keyset = new(("a.recorded_at", NpgsqlDbType.TimestampTz), ("a.event_id", NpgsqlDbType.Uuid));

    /// <summary>
    /// <c>GET /api/reports/arming?from=&amp;to=&amp;siteId=&amp;panelId=&amp;kind=arm|disarm&amp;user=&amp;armBy=HH:mm</c>: who
    /// (the panel's user number) armed or disarmed which partition, by the panel's clock and by ours, oldest first.
    /// The schedule is deliberately simple and optional: with <c>armBy</c> (a UTC time of day, usually with a
    /// <c>siteId</c>), each arm gets <c>onTime</c> = recorded at or before that time of day; otherwise, and for
    /// disarms, <c>onTime</c> is null. There is no stored schedule (docs/reports.md).
    /// </summary>
    public static void MapArmingReport(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/arming", (HttpContext http, ReportDatabase db, TimeProvider time, [AsParameters] ReportParameters common,
            string? kind, int? user, string? armBy) =>
        {
            var request = ReportRequest.From(http, "arming", common, time);
            TimeOnly? deadline = armBy is null ? null
                : TimeOnly.TryParseExact(armBy, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t
                : throw new ArgumentException("armBy is a UTC time of day, HH:mm.");
            var q = new ReportQuery(db.Schema);
            q.And($"a.tenant = {q.Text(request.Tenant)}");
            q.And($"a.recorded_at >= {q.Time(request.Period.From)} and a.recorded_at < {q.Time(request.Period.To)}");
            if (common.SiteId is { } site) q.And($"a.site_id = {q.Text(site)}");
            if (common.PanelId is { } panel) q.And($"a.panel_id = {q.Text(panel)}");
            if (ReportFilters.OneOf(kind, "kind", "arm", "disarm") is { } action) q.And($"a.action = {q.Text(action)}");
            if (user is not null) q.And($"a.user_number = {q.Param(user, NpgsqlDbType.Integer)}");
            var due = q.Param(deadline, NpgsqlDbType.Time);
            Keyset.Apply(q, request);
            var sql = $"""
                select a.panel_id, a.site_id, s.name, a.action, a.partition, a.user_number, a.panel_time, a.recorded_at,
                       a.event_code, a.description,
                       case when a.action = 'arm' and {due}::time is not null
                            then (a.recorded_at at time zone 'UTC')::time <= {due}::time end, {Keyset.Select}
                  from {q.View(ArmingLogProjection.Table)} a
                  left join {q.View(ArmingLogProjection.SitesTable)} s on s.site_id = a.site_id
                 where {q.Where}
                 order by a.recorded_at, a.event_id
                """;
            return new ReportResult(db, request, q, sql, Columns, Keyset);
        });
}
