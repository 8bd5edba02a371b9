using System.Globalization;
using System.Text;

namespace Host.Reports.Daily;

/// <summary>The plain-text rendering of a <see cref="DailySummary"/>, for people (the CSV is for tools).</summary>
internal static class DailySummaryText
{
    public static string Render(DailySummary s, DateTimeOffset writtenAt)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Daily summary for {s.Tenant}, {s.Day:yyyy-MM-dd} (UTC day)\n");
        var lag = s.LagSeconds is { } l ? $"{l:0.#} s behind" : "lag unknown";
        text.Append(CultureInfo.InvariantCulture, $"Written {writtenAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z from the {s.Source} ({lag})\n\n");

        text.Append(CultureInfo.InvariantCulture, $"Alarms raised: {s.Alarms.Sum(a => a.Count)}\n");
        foreach (var kind in s.Alarms.GroupBy(a => a.Kind))
            text.Append(CultureInfo.InvariantCulture,
                $"  {kind.Key}: {kind.Sum(a => a.Count)} ({string.Join(", ", kind.Select(a => $"{a.Outcome} {a.Count}"))})\n");

        text.Append('\n').Append(Times("Acknowledged", s.Acknowledge)).Append(Times("Resolved", s.Resolve));

        var c = s.Connectivity;
        var uptime = c.UptimePercent is { } u ? $", uptime {u:0.###} %" : "";
        text.Append(CultureInfo.InvariantCulture,
            $"\nPanels monitored: {c.Panels}, communication losses: {c.Losses}, offline {Duration(c.OfflineSeconds)}{uptime}\n");
        return text.ToString();
    }

    private static string Times(string what, DailyResponseTimes t) => t.Count == 0
        ? $"{what}: none\n"
        : string.Create(CultureInfo.InvariantCulture, $"{what}: {t.Count}, time from raising p50 {Duration(t.P50Seconds ?? 0)}, p95 {Duration(t.P95Seconds ?? 0)}\n");

    private static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min" : t.TotalMinutes >= 1 ? $"{t.Minutes} min {t.Seconds} s" : $"{t.Seconds} s";
    }
}
