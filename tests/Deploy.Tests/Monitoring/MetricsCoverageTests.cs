extern alias ingest;

using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Deploy.Tests.Support;
using ingest::PanelIngest.Metrics;

namespace Deploy.Tests.Monitoring;

/// <summary>
/// Every metric the Grafana dashboards and the alert rules read is exported by a running Host's /metrics, so no panel
/// stays empty and no alert stays silent because of a misspelt or renamed metric. Two exceptions, on purpose:
/// <list type="bullet">
/// <item><c>up</c>, which Prometheus makes itself for each target;</item>
/// <item>the ingest's metrics (<c>alarm_monitoring_ingest_*</c>): PanelIngest has no exporter yet, so they are
/// checked instead against the instruments of its meter, named as the Host's exporter names them. When the ingest
/// gets its /metrics, they will appear with these names.</item>
/// </list>
/// </summary>
public sealed partial class MetricsCoverageTests : IAsyncLifetime
{
    private readonly string _schema = "t_deploy_metrics_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Series Prometheus makes itself, not read from any /metrics.</summary>
    private static readonly HashSet<string> MadeByPrometheus = ["up"];

    private const string IngestPrefix = "alarm_monitoring_ingest_";

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{|\s)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    [Fact]
    public async Task Every_metric_in_the_dashboards_and_alerts_is_exported_by_the_host()
    {
        var used = MonitoringFiles.DashboardExpressions().Concat(MonitoringFiles.AlertExpressions())
            .SelectMany(e => PromQl.MetricNames(e.Expression).Select(name => (name, e.Where))).ToList();
        Assert.True(used.Count > 30, $"only {used.Count} metric uses found: is the extraction broken?");

        // The replica's lag gauge exists only when a reporting replica is configured, as in production.
        await using var host = new TestHost(_schema, new Dictionary<string, string>
        {
            ["ConnectionStrings:Reports"] = TestHost.ReplicaConnectionString ?? TestHost.ConnectionString,
        });
        using var client = host.CreateClient();
        Assert.True((await client.GetAsync("/health/live")).IsSuccessStatusCode); // one request: the HTTP histogram has a series

        var deadline = DateTime.UtcNow.AddSeconds(60);
        IReadOnlyDictionary<string, string> families;
        while (true)
        {
            families = await ScrapeAsync(client);
            var missing = used.Where(u => !Exported(u.name, families) && !Excused(u.name)).ToList();
            if (missing.Count == 0) break;
            // Gauges refreshed in the background appear within seconds of start-up.
            Assert.True(DateTime.UtcNow < deadline, "not exported by the Host's /metrics:\n" +
                string.Join('\n', missing.Distinct().Select(m => $"  {m.name}  (in {m.Where})")) + "\nexported:\n  " + string.Join("\n  ", families.Keys.Order()));
            await Task.Delay(250);
        }

        var ingest = IngestMetricNames();
        foreach (var (name, where) in used.Where(u => u.name.StartsWith(IngestPrefix, StringComparison.Ordinal)))
            Assert.True(Exported(name, ingest), $"{name} (in {where}) is no instrument of PanelIngest's meter; it has: {string.Join(", ", ingest.Keys)}");
    }

    [Fact]
    public void The_alerts_the_operations_guide_promises_exist()
    {
        var alerts = MonitoringFiles.AlertExpressions().ToDictionary(e => e.Where["alerts.yml: ".Length..], e => e.Expression);
        Assert.Contains("> 10", alerts["ReportingReplicaLagHigh"], StringComparison.Ordinal);
        Assert.Contains("> 60", alerts["ReportingReplicaLagCritical"], StringComparison.Ordinal);
        Assert.Contains("alarm_monitoring_outbox_active_relays", alerts["NoOutboxRelayActive"], StringComparison.Ordinal);
        Assert.Contains("alarm_monitoring_outbox_oldest_age) > 60", alerts["OutboxMessageOlderThanAMinute"], StringComparison.Ordinal);
        Assert.Contains("alarm_monitoring_projection_lag_seconds", alerts["ProjectionLagHigh"], StringComparison.Ordinal);
        Assert.Contains("alarm_monitoring_ingest_panels_connected", alerts["PanelOffline"], StringComparison.Ordinal);
        var text = File.ReadAllText(Repo.Path("deploy", "prometheus", "alerts.yml"));
        Assert.Matches(@"alert: NoOutboxRelayActive\s+expr: [^\n]+\s+for: 30s", text);
    }

    [Theory]
    [InlineData("sum by (le) (rate(http_server_request_duration_seconds_bucket{a=\"b\"}[5m]))", "http_server_request_duration_seconds_bucket")]
    [InlineData("max(x_total) > 1e-9 and on(instance) y unless z offset 5m", "x_total,y,z")]
    [InlineData("histogram_quantile(0.95, sum by (le, route) (rate(h_bucket[5m]))) / clamp_min(c, 1)", "h_bucket,c")]
    [InlineData("a != a", "a")]
    public void Metric_names_are_read_from_promql(string expression, string expected) =>
        Assert.Equal(expected.Split(',').Order(), PromQl.MetricNames(expression).Order());

    /// <summary>Family name → type, from the TYPE lines and the sample lines.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> ScrapeAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/metrics");
        var families = TypeLine().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["type"].Value, StringComparer.Ordinal);
        foreach (Match m in SampleLine().Matches(text)) families.TryAdd(m.Groups["name"].Value, "untyped");
        return families;
    }

    /// <summary>A family, or a histogram's _bucket/_count/_sum series.</summary>
    private static bool Exported(string name, IReadOnlyDictionary<string, string> families) =>
        families.ContainsKey(name)
        || new[] { "_bucket", "_count", "_sum" }.Any(s => name.EndsWith(s, StringComparison.Ordinal) && families.GetValueOrDefault(name[..^s.Length]) == "histogram");

    private static bool Excused(string name) => MadeByPrometheus.Contains(name) || name.StartsWith(IngestPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The Prometheus names of PanelIngest's instruments, by the Host exporter's rules (src/Host/Metrics/PrometheusExporter):
    /// non-alphanumerics to '_', unit s → _seconds, counters → _total.
    /// </summary>
    private static Dictionary<string, string> IngestMetricNames()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name != IngestMetrics.MeterName) return;
            var name = new string(instrument.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray())
                + instrument.Unit switch { "s" => "_seconds", "By" => "_bytes", _ => "" };
            var type = instrument switch
            {
                Histogram<double> or Histogram<long> => "histogram",
                Counter<long> or Counter<double> => "counter",
                _ => "gauge",
            };
            lock (names) names[type == "counter" ? name + "_total" : name] = type;
        };
        listener.Start();
        using var metrics = new IngestMetrics();
        listener.RecordObservableInstruments();
        lock (names) return new Dictionary<string, string>(names);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestHost.DropSchemaAsync(_schema);
}
