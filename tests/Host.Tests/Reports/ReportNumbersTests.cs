using System.Text.Json;
using static Host.Tests.Reports.ReportHost;

namespace Host.Tests.Reports;

/// <summary>Each report's numbers for the <see cref="ReportScenario"/>, as worked out there.</summary>
[Collection(ReportCollection.Name)]
public sealed class ReportNumbersTests(ReportHost host)
{
    private static string? Str(JsonElement e, string p) => e.GetProperty(p).GetString();

    [Fact]
    public async Task The_alarm_report_lists_the_period_s_alarms_with_their_handling_and_filters_them()
    {
        using var client = host.Client();
        var report = await GetJsonAsync(client, $"/api/reports/alarms?{Period}");
        Assert.Equal(("primary", 0.0), (report.GetProperty("source").GetString(), report.GetProperty("lagSeconds").GetDouble()));
        var items = Items(report);
        Assert.Equal([host.A.BurglaryAlarm, host.A.FireAlarm, host.A.TamperAlarm], items.Select(i => Str(i, "alarmId")));
        var (burglary, fire, tamper) = (items[0], items[1], items[2]);
        Assert.Equal((SiteAName, "Burglary", "High", "olga", "Patrol", "FalseAlarm", "olga"), (Str(burglary, "siteName"), Str(burglary, "kind"),
            Str(burglary, "priority"), Str(burglary, "acknowledgedBy"), Str(burglary, "dispatchTarget"), Str(burglary, "outcome"), Str(burglary, "resolvedBy")));
        Assert.Equal(Day1.AddHours(14).AddSeconds(30), burglary.GetProperty("acknowledgedAt").GetDateTimeOffset());
        Assert.Equal((true, "Real"), (fire.GetProperty("escalated").GetBoolean(), Str(fire, "outcome")));
        Assert.Equal((2, JsonValueKind.Null, false), (tamper.GetProperty("repeats").GetInt32(), tamper.GetProperty("resolvedAt").ValueKind, tamper.GetProperty("escalated").GetBoolean()));

        async Task<IEnumerable<string?>> Ids(string filter) => Items(await GetJsonAsync(client, $"/api/reports/alarms?{Period}&{filter}")).Select(i => Str(i, "alarmId"));
        Assert.Equal([host.A.FireAlarm], await Ids("kind=fire"));
        Assert.Equal([host.A.TamperAlarm], await Ids("outcome=open"));
        Assert.Equal([host.A.BurglaryAlarm], await Ids("outcome=FalseAlarm"));
        Assert.Equal([host.A.FireAlarm], await Ids("operator=piotr"));
        Assert.Equal(3, (await Ids($"siteId={host.A.SiteId}&panelId={host.A.PanelId}")).Count());
        Assert.Empty(await Ids("panelId=panel-unknown"));
        var evening = Items(await GetJsonAsync(client, "/api/reports/alarms?from=2025-03-10T00:00:00Z&to=2025-03-10T22:00:00Z"));
        Assert.Equal([host.A.BurglaryAlarm], evening.Select(i => Str(i, "alarmId"))); // the period is half-open on raised_at

        var first = await GetJsonAsync(client, $"/api/reports/alarms?{Period}&pageSize=2");
        var second = await GetJsonAsync(client, $"/api/reports/alarms?{Period}&pageSize=2&page=2");
        Assert.Equal((2, true), (Items(first).Count, first.GetProperty("hasMore").GetBoolean()));
        Assert.Equal((1, false, 2), (Items(second).Count, second.GetProperty("hasMore").GetBoolean(), second.GetProperty("page").GetInt32()));

        // Keyset paging: the first page's "next" continues after its last row, with the same rows as page 2.
        var next = first.GetProperty("next").GetString();
        var after = await GetJsonAsync(client, $"/api/reports/alarms?{Period}&pageSize=2&after={next}");
        Assert.Equal([host.A.TamperAlarm], Items(after).Select(i => Str(i, "alarmId")));
        Assert.Equal((false, false), (after.GetProperty("hasMore").GetBoolean(), after.TryGetProperty("next", out _)));
        var byOne = await GetJsonAsync(client, $"/api/reports/alarms?{Period}&pageSize=1&after={(await GetJsonAsync(client, $"/api/reports/alarms?{Period}&pageSize=1")).GetProperty("next").GetString()}");
        Assert.Equal([host.A.FireAlarm], Items(byOne).Select(i => Str(i, "alarmId")));
    }

    [Theory]
    [InlineData("arming", 2)]
    [InlineData("troubles", 2)]
    [InlineData("panel-commands", 3)]
    [InlineData("connectivity/periods", 3)]
    [InlineData("connectivity", 2)]
    public async Task Following_next_cursors_gives_every_row_once_in_order(string report, int rows)
    {
        using var client = host.Client();
        // "seconds" of an open trouble or period runs to now, so it differs between requests.
        static string Row(JsonElement i) => string.Join(",", i.EnumerateObject().Where(p => p.Name != "seconds").Select(p => p.ToString()));
        var all = Items(await GetJsonAsync(client, $"/api/reports/{report}?{Period}")).Select(Row).ToList();
        var pages = new List<string>();
        var uri = $"/api/reports/{report}?{Period}&pageSize=1";
        while (true)
        {
            var page = await GetJsonAsync(client, uri);
            pages.AddRange(Items(page).Select(Row));
            if (!page.GetProperty("hasMore").GetBoolean()) break;
            uri = $"/api/reports/{report}?{Period}&pageSize=1&after={page.GetProperty("next").GetString()}";
        }
        Assert.Equal(rows, all.Count);
        Assert.Equal(all, pages);
    }

    [Fact]
    public async Task Response_times_give_percentiles_per_operator_shift_and_day()
    {
        using var client = host.Client();
        var rows = Items(await GetJsonAsync(client, $"/api/reports/response-times?{Period}"));
        Assert.Equal(2, rows.Count);
        Assert.Equal(("olga", "2025-03-10", "14:00-22:00", 1, 30.0, 30.0, 1, 600.0), Row(rows[0]));
        // 23:00:60 is in the 22:00–06:00 shift that began on day 1
        Assert.Equal(("piotr", "2025-03-10", "22:00-06:00", 1, 60.0, 60.0, 1, 1800.0), Row(rows[1]));

        var byDay = Items(await GetJsonAsync(client, $"/api/reports/response-times?{Period}&groupBy=day")).Single();
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (byDay.GetProperty("operator").ValueKind, byDay.GetProperty("shift").ValueKind));
        Assert.Equal((2, 45.0, 58.5), (byDay.GetProperty("alarms").GetInt32(), byDay.GetProperty("acknowledgeP50Seconds").GetDouble(),
            byDay.GetProperty("acknowledgeP95Seconds").GetDouble())); // percentile_cont interpolates between 30 and 60
        Assert.Single(Items(await GetJsonAsync(client, $"/api/reports/response-times?{Period}&operator=olga")));
    }

    private static (string?, string?, string?, int, double, double, int, double) Row(JsonElement r) =>
        (Str(r, "operator"), Str(r, "day"), Str(r, "shift"), r.GetProperty("alarms").GetInt32(), r.GetProperty("acknowledgeP50Seconds").GetDouble(),
         r.GetProperty("acknowledgeP95Seconds").GetDouble(), r.GetProperty("resolved").GetInt32(), r.GetProperty("resolveP50Seconds").GetDouble());

    [Fact]
    public async Task Connectivity_gives_uptime_per_day_from_the_periods()
    {
        using var client = host.Client();
        var days = Items(await GetJsonAsync(client, $"/api/reports/connectivity?{Period}"));
        Assert.Equal(2, days.Count);
        Assert.All(days, d => Assert.Equal(host.A.PanelId, Str(d, "panelId")));
        // day 1: online 01–10 and 12–24 (21 h), offline 10–12; before 01:00 the panel had never been reached
        Assert.Equal(("2025-03-10", 75600.0, 7200.0, 91.3), Day(days[0]));
        Assert.Equal(("2025-03-11", 86400.0, 0.0, 100.0), Day(days[1]));

        var periods = Items(await GetJsonAsync(client, $"/api/reports/connectivity/periods?{Period}"));
        Assert.Equal(["online", "offline", "online"], periods.Select(p => Str(p, "state")));
        Assert.Equal(("no answer", 7200.0), (Str(periods[1], "reason"), periods[1].GetProperty("seconds").GetDouble()));
        Assert.Equal(JsonValueKind.Null, periods[2].GetProperty("endedAt").ValueKind);
        Assert.Single(Items(await GetJsonAsync(client, $"/api/reports/connectivity/periods?{Period}&state=offline")));
    }

    [Fact]
    public async Task Uptime_from_the_daily_roll_up_equals_uptime_split_at_query_time()
    {
        using var client = host.Client();
        // Whole UTC days read the roll-up; a period starting at noon splits the periods at query time. Nothing happened
        // before day 1 01:00, so both periods give the same rows.
        var rollUp = Items(await GetJsonAsync(client, $"/api/reports/connectivity?{Period}"));
        var split = Items(await GetJsonAsync(client, "/api/reports/connectivity?from=2025-03-09T12:00:00Z&to=2025-03-12T00:00:00Z"));
        Assert.Equal(rollUp.Select(d => d.GetRawText()), split.Select(d => d.GetRawText()));
        Assert.Equal(2, rollUp.Count);
        // The cursor of either path continues either path: the second day, alone.
        const string splitPeriod = "from=2025-03-09T12:00:00Z&to=2025-03-12T00:00:00Z";
        var first = await GetJsonAsync(client, $"/api/reports/connectivity?{splitPeriod}&pageSize=1");
        var second = Items(await GetJsonAsync(client, $"/api/reports/connectivity?{splitPeriod}&pageSize=1&after={first.GetProperty("next").GetString()}"));
        Assert.Equal([rollUp[1].GetRawText()], second.Select(d => d.GetRawText()));
    }

    private static (string?, double, double, double) Day(JsonElement d) =>
        (Str(d, "day"), d.GetProperty("onlineSeconds").GetDouble(), d.GetProperty("offlineSeconds").GetDouble(), d.GetProperty("uptimePercent").GetDouble());

    [Fact]
    public async Task The_arming_log_says_who_armed_and_disarmed_and_whether_on_time()
    {
        using var client = host.Client();
        var rows = Items(await GetJsonAsync(client, $"/api/reports/arming?{Period}&armBy=22:00"));
        Assert.Equal([("arm", 5, true), ("disarm", 3, false)], rows.Select(r => (Str(r, "action")!, r.GetProperty("user").GetInt32(), r.GetProperty("onTime").ValueKind == JsonValueKind.True)));
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("onTime").ValueKind);
        Assert.Equal("2025-03-10T22:30:00", Str(rows[0], "panelTime")); // the panel's own clock, no offset
        Assert.Equal(1, rows[0].GetProperty("partition").GetInt32());
        var late = Items(await GetJsonAsync(client, $"/api/reports/arming?{Period}&armBy=21:00&kind=arm")).Single();
        Assert.False(late.GetProperty("onTime").GetBoolean());
    }

    [Fact]
    public async Task Troubles_show_history_and_what_is_open()
    {
        using var client = host.Client();
        var rows = Items(await GetJsonAsync(client, $"/api/reports/troubles?{Period}"));
        Assert.Equal([("AC loss", false, 7200.0), ("Low battery", true, 0.0)], rows.Select(r => (Str(r, "description")!, r.GetProperty("open").GetBoolean(),
            r.GetProperty("open").GetBoolean() ? 0 : r.GetProperty("seconds").GetDouble())));
        Assert.Equal(Day1.AddHours(5), rows[0].GetProperty("restoredAt").GetDateTimeOffset());
        Assert.Equal("Low battery", Str(Items(await GetJsonAsync(client, $"/api/reports/troubles?{Period}&status=open")).Single(), "description"));
        // the default period (the last 24 h) still shows the trouble open since 2025
        Assert.Equal("Low battery", Str(Items(await GetJsonAsync(client, "/api/reports/troubles")).Single(), "description"));
    }

    [Fact]
    public async Task Panel_commands_show_each_request_s_result()
    {
        using var client = host.Client();
        var rows = Items(await GetJsonAsync(client, $"/api/reports/panel-commands?{Period}"));
        Assert.Equal([("req-1", "accepted"), ("req-2", "refused"), ("req-3", "timed_out")], rows.Select(r => (Str(r, "requestId")!, Str(r, "result")!)));
        Assert.Equal(("Arm", "Full", 2.0), (Str(rows[0], "action"), Str(rows[0], "mode"), rows[0].GetProperty("secondsToResult").GetDouble()));
        Assert.Equal("user code not found", Str(rows[1], "reason"));
        Assert.Equal([1, 2], rows[2].GetProperty("partitions").EnumerateArray().Select(p => p.GetInt32()));
        Assert.Equal("req-2", Str(Items(await GetJsonAsync(client, $"/api/reports/panel-commands?{Period}&outcome=refused")).Single(), "requestId"));
        Assert.Equal("req-3", Str(Items(await GetJsonAsync(client, $"/api/reports/panel-commands?{Period}&operator=piotr&kind=clearalarm")).Single(), "requestId"));
    }
}
