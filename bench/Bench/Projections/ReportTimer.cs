using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Bench.Projections;

/// <summary>One report query's timings (whole response read, in ms) and failures.</summary>
public sealed record QueryTiming(ReportQuery Query, List<double> Ms, int Errors, long Bytes)
{
    public double P50 => Report.Percentile(Ms, 50);
    public double P95 => Report.Percentile(Ms, 95);
}

/// <summary>
/// Times report requests over HTTP, one at a time (a report is one person waiting, not a load test): per query one
/// untimed warm-up request, then <c>repetitions</c> timed ones, each read to its last byte. Prints a Markdown table.
/// </summary>
public static class ReportTimer
{
    public static async Task<List<QueryTiming>> RunAsync(HttpClient http, string token, IReadOnlyList<ReportQuery> queries, int repetitions)
    {
        var results = new List<QueryTiming>();
        foreach (var query in queries)
        {
            await SendAsync(http, token, query.Uri(0));
            var (ms, errors, bytes) = (new List<double>(), 0, 0L);
            for (var i = 1; i <= repetitions; i++)
            {
                var clock = Stopwatch.StartNew();
                var (ok, length) = await SendAsync(http, token, query.Uri(i));
                ms.Add(clock.Elapsed.TotalMilliseconds);
                (errors, bytes) = (errors + (ok ? 0 : 1), bytes + length);
            }
            ms.Sort();
            var timing = new QueryTiming(query, ms, errors, bytes / repetitions);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  .. {query.Report} {query.Name}: p50 {timing.P50:F1} ms, p95 {timing.P95:F1} ms, {timing.Bytes:N0} bytes{(errors > 0 ? $", {errors} errors" : "")}"));
            results.Add(timing);
        }
        Console.WriteLine();
        Console.WriteLine("| report | query | p50 ms | p95 ms | max ms | bytes | errors |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var t in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {t.Query.Report} | {t.Query.Name} | {t.P50:F1} | {(t.P95 >= 200 ? $"**{t.P95:F1}**" : $"{t.P95:F1}")} | {t.Ms[^1]:F1} | {t.Bytes:N0} | {t.Errors} |"));
        Console.WriteLine();
        return results;
    }

    /// <summary>The keyset cursor a page gives for the page after it.</summary>
    public static async Task<string> NextCursorAsync(HttpClient http, string token, string uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var page = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return page.RootElement.GetProperty("next").GetString() ?? throw new InvalidOperationException($"{uri}: no next cursor");
    }

    private static async Task<(bool Ok, long Bytes)> SendAsync(HttpClient http, string token, string uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode) Console.WriteLine($"  !! {uri}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body[..Math.Min(300, body.Length)])}");
            return (response.IsSuccessStatusCode, body.Length);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"  !! {uri}: {e.Message}");
            return (false, 0);
        }
    }
}
