using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Host.Reports.Daily;

/// <summary>
/// Writes a <see cref="DailySummary"/> as <c>{directory}/{tenant}/daily-summary-{yyyy-MM-dd}.csv</c> and <c>.txt</c>.
/// Each file is written to a temporary name in the same directory, flushed to disk and renamed over the final name, so
/// a reader (or a crash) never sees half a report; a take-over rewrites the same content.
/// </summary>
internal static class DailyReportFiles
{
    /// <summary>The CSV's columns: long format, one figure per row, so new figures never change the columns.</summary>
    public const string CsvHeader = "tenant,day,metric,kind,outcome,value";

    public static string CsvPath(string directory, string tenant, DateOnly day) => Path.Combine(directory, TenantFolder(tenant), $"daily-summary-{day:yyyy-MM-dd}.csv");

    public static string TextPath(string directory, string tenant, DateOnly day) => Path.ChangeExtension(CsvPath(directory, tenant, day), ".txt");

    public static async Task WriteAsync(string directory, DailySummary summary, DateTimeOffset writtenAt, CancellationToken ct)
    {
        await WriteAtomicallyAsync(CsvPath(directory, summary.Tenant, summary.Day), Csv(summary), ct);
        await WriteAtomicallyAsync(TextPath(directory, summary.Tenant, summary.Day), DailySummaryText.Render(summary, writtenAt), ct);
    }

    public static string Csv(DailySummary s)
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        void Row(string metric, string kind, string outcome, double value) =>
            csv.Append(Field(s.Tenant)).Append(',').Append(s.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .Append(metric).Append(',').Append(kind).Append(',').Append(outcome).Append(',')
                .Append(value.ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');

        foreach (var a in s.Alarms) Row("alarms", a.Kind, a.Outcome, a.Count);
        foreach (var (stage, times) in new[] { ("acknowledge", s.Acknowledge), ("resolve", s.Resolve) })
        {
            Row($"{stage}_count", "", "", times.Count);
            if (times.P50Seconds is { } p50) Row($"{stage}_p50_seconds", "", "", p50);
            if (times.P95Seconds is { } p95) Row($"{stage}_p95_seconds", "", "", p95);
        }
        Row("panels", "", "", s.Connectivity.Panels);
        Row("communication_losses", "", "", s.Connectivity.Losses);
        Row("offline_seconds", "", "", s.Connectivity.OfflineSeconds);
        if (s.Connectivity.UptimePercent is { } uptime) Row("uptime_percent", "", "", uptime);
        return csv.ToString();
    }

    /// <summary>RFC 4180: quoted when it holds a comma, quote or line break (tenant ids are free text to us).</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// A tenant id as a directory name: kept as is when it is plainly safe, otherwise made safe and suffixed with a
    /// hash of the id, so that two ids never share a folder and no id can climb out of the directory.
    /// </summary>
    public static string TenantFolder(string tenant)
    {
        var safe = new string(tenant.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        if (safe == tenant && safe.Length is > 0 and <= 100) return safe;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenant)))[..12];
        return $"{(safe.Length > 80 ? safe[..80] : safe)}-{hash}";
    }

    private static async Task WriteAtomicallyAsync(string path, string content, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await file.WriteAsync(Encoding.UTF8.GetBytes(content), ct);
                file.Flush(flushToDisk: true); // the data is on disk before the name points at it
            }
            File.Move(temporary, path, overwrite: true); // rename(2): atomic within a file system
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
