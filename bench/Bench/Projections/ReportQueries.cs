using System.Globalization;

namespace Bench.Projections;

/// <summary>One report request as an operator or auditor would send it; <paramref name="Uri"/> gets the repetition number.</summary>
public sealed record ReportQuery(string Report, string Name, Func<int, string> Uri);

/// <summary>
/// The report requests the projections scenario times, with realistic filters: the whole year, a month and a week in
/// the middle of it, one site, one panel, one operator, first pages and a deep page. Sites, panels and operators
/// rotate between repetitions, so one cached answer cannot serve them all.
/// </summary>
public static class ReportQueries
{
    /// <summary>The year, as report parameters.</summary>
    public static string Year(FleetHistory history) => Period(history.Start, history.End);

    /// <param name="deepPage">The deep page (of 100 rows) of the alarm and arming reports: 300 in a full run, 30 in a quick one.</param>
    /// <param name="cursors">The <c>next</c> cursor of the page before the deep page, per report, for the keyset variants.</param>
    public static IReadOnlyList<ReportQuery> For(FleetTenant tenant, FleetHistory history, int deepPage, IReadOnlyDictionary<string, string> cursors)
    {
        var year = Year(history);
        var middle = history.Start.AddDays(182);
        var month = Month(history);
        var week = Period(middle.AddDays(7), middle.AddDays(14));
        var day = Period(middle.AddDays(20), middle.AddDays(21));
        string Site(int i) => tenant.SiteIds[i * 37 % tenant.SiteIds.Count];
        string Panel(int i) => tenant.PanelIds[i * 53 % tenant.PanelIds.Count];
        string Operator(int i) => FleetHistory.Operator(i % FleetHistory.Operators);

        return
        [
            new("alarms", "year, page 1", _ => $"/api/reports/alarms?{year}"),
            new("alarms", "year, pageSize=1000", _ => $"/api/reports/alarms?{year}&pageSize=1000"),
            new("alarms", "month", _ => $"/api/reports/alarms?{month}"),
            new("alarms", "year, one site", i => $"/api/reports/alarms?{year}&siteId={Site(i)}"),
            new("alarms", "year, one operator", i => $"/api/reports/alarms?{year}&operator={Operator(i)}"),
            new("alarms", "year, kind=Fire, outcome=Real", _ => $"/api/reports/alarms?{year}&kind=Fire&outcome=Real"),
            new("alarms", $"year, page {deepPage}", _ => $"/api/reports/alarms?{year}&page={deepPage}"),
            new("alarms", $"year, after= (page {deepPage})", _ => $"/api/reports/alarms?{year}&after={cursors["alarms"]}"),
            new("response-times", "year, operator+day+shift", _ => $"/api/reports/response-times?{year}"),
            new("response-times", "year, by operator", _ => $"/api/reports/response-times?{year}&groupBy=operator"),
            new("response-times", "year, one operator by day", i => $"/api/reports/response-times?{year}&operator={Operator(i)}&groupBy=day"),
            new("response-times", "year, one site", i => $"/api/reports/response-times?{year}&siteId={Site(i)}"),
            new("response-times", "month, operator+day+shift", _ => $"/api/reports/response-times?{month}"),
            new("response-times", "week, operator+day+shift", _ => $"/api/reports/response-times?{week}"),
            new("connectivity", "year, page 1", _ => $"/api/reports/connectivity?{year}"),
            new("connectivity", "month, pageSize=1000", _ => $"/api/reports/connectivity?{month}&pageSize=1000"),
            new("connectivity", "month, page 20 (1,000 rows)", _ => $"/api/reports/connectivity?{month}&pageSize=1000&page=20"),
            new("connectivity", $"month, after= (page {cursors["connectivity-page"]})", _ => $"/api/reports/connectivity?{month}&pageSize=1000&after={cursors["connectivity"]}"),
            new("connectivity", "year, one site", i => $"/api/reports/connectivity?{year}&siteId={Site(i)}"),
            new("connectivity", "day", _ => $"/api/reports/connectivity?{day}&pageSize=1000"),
            new("connectivity/periods", "year, page 1", _ => $"/api/reports/connectivity/periods?{year}"),
            new("connectivity/periods", "month mid-year", _ => $"/api/reports/connectivity/periods?{month}"),
            new("connectivity/periods", "week mid-year, offline", _ => $"/api/reports/connectivity/periods?{week}&state=offline"),
            new("connectivity/periods", "year, one panel", i => $"/api/reports/connectivity/periods?{year}&panelId={Panel(i)}"),
            new("arming", "year, page 1", _ => $"/api/reports/arming?{year}"),
            new("arming", "month, arms, armBy=19:00", _ => $"/api/reports/arming?{month}&kind=arm&armBy=19:00"),
            new("arming", "year, one site", i => $"/api/reports/arming?{year}&siteId={Site(i)}&pageSize=1000"),
            new("arming", $"year, page {deepPage}", _ => $"/api/reports/arming?{year}&page={deepPage}"),
            new("arming", $"year, after= (page {deepPage})", _ => $"/api/reports/arming?{year}&after={cursors["arming"]}"),
            new("troubles", "year, page 1", _ => $"/api/reports/troubles?{year}"),
            new("troubles", "month mid-year", _ => $"/api/reports/troubles?{month}"),
            new("troubles", "open now", _ => "/api/reports/troubles?status=open"),
            new("troubles", "year, one site", i => $"/api/reports/troubles?{year}&siteId={Site(i)}"),
            new("panel-commands", "year, page 1", _ => $"/api/reports/panel-commands?{year}"),
            new("panel-commands", "year, one operator", i => $"/api/reports/panel-commands?{year}&operator={Operator(i)}"),
            new("panel-commands", "year, one panel", i => $"/api/reports/panel-commands?{year}&panelId={Panel(i)}"),
        ];
    }

    /// <summary>The 30 days from the middle of the history.</summary>
    public static string Month(FleetHistory history) => Period(history.Start.AddDays(182), history.Start.AddDays(212));

    private static string Period(DateTimeOffset from, DateTimeOffset to) =>
        $"from={from.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}&to={to.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}";
}
