using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Host.Metrics;
using Npgsql;

namespace Host.Tests.Metrics;

public sealed partial class MetricsEndpointTests : IAsyncLifetime
{
    private readonly string _schema = "t_metrics_" + Guid.NewGuid().ToString("N")[..12];

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*)\})? (?<value>[-+]?(\d+(\.\d+)?([eE][-+]?\d+)?|Inf|NaN))$""")]
    private static partial Regex Sample();

    /// <summary>Parses the exposition text strictly: every line is a comment or a well-formed sample.</summary>
    private static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal)) continue;
            var m = Sample().Match(line);
            Assert.True(m.Success, $"not a Prometheus sample line: {line}");
            samples[line[..line.LastIndexOf(' ')]] = double.Parse(m.Groups["value"].Value.Replace("+Inf", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        }
        return samples;
    }

    [Fact]
    public async Task Metrics_are_exposed_in_the_prometheus_text_format_with_commands_requests_and_outbox_depth()
    {
        await using var factory = new HostFactory(HostFactory.TestConnectionString, _schema);
        using var client = factory.CreateClient().As("sue", "supervisor", "tenant-m");
        var created = await client.PostAsJsonAsync("/api/sites", new { name = "Depot", address = new { street = "A 1", postalCode = "1", city = "C", country = "PL" }, contacts = new[] { new { callOrder = 1, name = "Ann", phone = "+48 600 000 002" } }, notes = "" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await client.PostAsJsonAsync("/api/sites", new { name = "", contacts = Array.Empty<object>() }); // refused
        // A meter of the Host's name made without the host's factory (as a unit test running beside this one does) is
        // not this host's: it must neither add a second TYPE line per metric nor count into this host's samples.
        using var stray = new HostMetrics();
        stray.Commands.Add(5, new KeyValuePair<string, object?>("outcome", "ok"), new KeyValuePair<string, object?>("stream_type", "site"));
        stray.AddGauge("alarm_monitoring.live_feed.subscribers", "stray", () => 42);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        Dictionary<string, double> samples;
        string text;
        while (true)
        {
            var response = await client.GetAsync("/metrics");
            Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
            text = await response.Content.ReadAsStringAsync();
            samples = Parse(text);
            if (samples.ContainsKey("alarm_monitoring_outbox_pending") || DateTime.UtcNow > deadline) break;
            await Task.Delay(100);
        }

        Assert.Equal(1, samples["alarm_monitoring_commands_total{outcome=\"ok\",stream_type=\"site\"}"]);
        Assert.Contains(samples.Keys, k => k.StartsWith("alarm_monitoring_commands_total{outcome=\"refused\"", StringComparison.Ordinal));
        Assert.Equal(1, samples["alarm_monitoring_events_appended_total{stream_type=\"site\"}"]);
        Assert.Contains(samples.Keys, k => k.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal));
        Assert.Contains(samples.Keys, k => k.StartsWith("http_server_request_duration_seconds_bucket{", StringComparison.Ordinal) && k.Contains("le=\"+Inf\"", StringComparison.Ordinal));
        Assert.Equal(0, samples["alarm_monitoring_outbox_pending"]);

        // Messaging's counters are listed from start-up, before any message, so alerts on consumer errors can exist.
        var types = text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).ToList();
        Assert.Equal(types.Count, types.Distinct(StringComparer.Ordinal).Count());
        foreach (var counter in new[] { "messages_handled", "handler_failures", "inbox_duplicates", "messages_published", "messages_unroutable" })
            Assert.Contains($"# TYPE alarm_monitoring_messaging_{counter}_total counter", types);
        Assert.Contains("# HELP alarm_monitoring_messaging_handler_failures_total ", text, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await HostFactory.DropSchemaAsync(_schema);
    }
}
